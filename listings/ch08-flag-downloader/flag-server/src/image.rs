//! Synthetic flags. Every flag is a small GIF of three stripes whose colours
//! and direction come from the country code alone, so the same code always
//! gives the same bytes and the repository ships no third-party images.

use std::borrow::Cow;

/// Width and height in pixels: the size of a thumbnail, a few hundred bytes.
const WIDTH: u16 = 60;
const HEIGHT: u16 = 40;

/// The colours real flags use most, as RGB triples (the GIF's palette).
const PALETTE: [[u8; 3]; 8] = [
    [0xce, 0x11, 0x26], // red
    [0xff, 0xff, 0xff], // white
    [0x00, 0x38, 0x93], // blue
    [0x00, 0x9a, 0x44], // green
    [0xfc, 0xd1, 0x16], // yellow
    [0x00, 0x00, 0x00], // black
    [0xff, 0x88, 0x00], // orange
    [0x75, 0xaa, 0xdb], // sky blue
];

/// Draws the flag of `cc` (two ASCII letters, any case) and encodes it.
pub fn flag_gif(cc: &str) -> Vec<u8> {
    let [a, b] = code_bytes(cc);
    // Three distinct palette indices and a direction, all from the code.
    let first = a % 8;
    let second = (first + 1 + b % 7) % 8;
    let mut third = (a / 8 + b) % 8;
    if third == first || third == second {
        third = (second + 1) % 8;
        if third == first {
            third = (third + 1) % 8;
        }
    }
    let stripes = [first, second, third];
    let vertical = (a ^ b) & 1 == 1;

    let (w, h) = (usize::from(WIDTH), usize::from(HEIGHT));
    let mut pixels = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let band = if vertical { x * 3 / w } else { y * 3 / h };
            pixels.push(stripes[band]);
        }
    }

    let palette: Vec<u8> = PALETTE.concat();
    let mut bytes = Vec::new();
    let mut encoder = gif::Encoder::new(&mut bytes, WIDTH, HEIGHT, &palette)
        .expect("writing to a Vec cannot fail");
    let frame = gif::Frame {
        width: WIDTH,
        height: HEIGHT,
        buffer: Cow::Owned(pixels),
        ..gif::Frame::default()
    };
    encoder
        .write_frame(&frame)
        .expect("writing to a Vec cannot fail");
    drop(encoder); // writes the GIF trailer
    bytes
}

fn code_bytes(cc: &str) -> [u8; 2] {
    let mut bytes = cc.bytes().map(|b| b.to_ascii_uppercase());
    [bytes.next().unwrap_or(b'A'), bytes.next().unwrap_or(b'A')]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_valid_gifs_and_deterministic() {
        let br = flag_gif("BR");
        assert!(br.starts_with(b"GIF89a"));
        assert_eq!(br.last(), Some(&0x3b), "GIF trailer");
        assert_eq!(br, flag_gif("br"));
        assert_ne!(br, flag_gif("FR"));

        let mut decoder = gif::DecodeOptions::new();
        decoder.set_color_output(gif::ColorOutput::Indexed);
        let mut decoder = decoder.read_info(br.as_slice()).unwrap();
        let frame = decoder.read_next_frame().unwrap().unwrap();
        assert_eq!((frame.width, frame.height), (WIDTH, HEIGHT));
    }
}
