use super::*;

/// The query that `good_reply` answers.
fn asked() -> Vec<u8> {
    query(0x1234, "fn.test").unwrap()
}

/// Where the answer record starts in `good_reply`: after the header and
/// the question.
const ANSWER: usize = 25;

/// A reply to query 0x1234 for fn.test: the question, then one A record
/// whose name is a compression pointer back to the question's name.
fn good_reply() -> Vec<u8> {
    let mut reply = vec![0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
    reply.extend(b"\x02fn\x04test\x00\x00\x01\x00\x01");
    reply.extend([0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7]);
    reply
}

#[test]
fn a_query_is_header_question_type_and_class() {
    let packet = query(0x1234, "fn.test").unwrap();
    let mut expected = vec![0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    expected.extend(b"\x02fn\x04test\x00\x00\x01\x00\x01");
    assert_eq!(packet, expected);
    assert_eq!(query(0x1234, "fn.test.").unwrap(), expected);
}

#[test]
fn names_that_cannot_be_sent_are_refused() {
    let long_label = "a".repeat(64);
    let long_name = vec!["abc"; 80].join(".");
    let names = ["", ".", "..", "fn..test", "fn.test..", ".fn.test"];
    for name in names.iter().copied().chain([&*long_label, &long_name]) {
        assert_eq!(query(1, name), Err(BadName(name.to_string())), "{name}");
    }
    assert!(query(1, &"a".repeat(63)).is_ok());
}

#[test]
fn a_good_reply_gives_its_address() {
    let answer = parse_reply(&asked(), &good_reply());
    assert_eq!(answer, Ok(Answer::Found(vec![Ipv4Addr::new(192, 0, 2, 7)])));
}

#[test]
fn nxdomain_is_not_found() {
    let mut reply = good_reply();
    reply[3] = 0x83;
    assert_eq!(parse_reply(&asked(), &reply), Ok(Answer::NotFound));
}

#[test]
fn every_truncation_is_an_error() {
    let reply = good_reply();
    for end in 0..reply.len() {
        let result = parse_reply(&asked(), &reply[..end]);
        assert_eq!(result, Err(ReplyError::Truncated), "cut at {end}");
    }
}

#[test]
fn a_reply_to_another_query_is_refused() {
    let result = parse_reply(&query(0x4321, "fn.test").unwrap(), &good_reply());
    let expected = ReplyError::WrongId {
        expected: 0x4321,
        got: 0x1234,
    };
    assert_eq!(result, Err(expected));
}

#[test]
fn bad_flags_and_codes_are_errors() {
    let with = |byte: usize, value: u8| {
        let mut reply = good_reply();
        reply[byte] = value;
        parse_reply(&asked(), &reply)
    };
    let not_reply = ReplyError::Malformed("a query, not a reply");
    assert_eq!(with(2, 0x01), Err(not_reply));
    assert_eq!(with(2, 0x83), Err(ReplyError::TooLong));
    assert_eq!(with(3, 0x82), Err(ReplyError::Server(2)));
    assert_eq!(with(3, 0x85), Err(ReplyError::Server(5)));
}

#[test]
fn malformed_records_are_errors() {
    let mut reply = good_reply();
    reply[ANSWER] = 0x42; // a label length with its top bits 01
    let bad_label = ReplyError::Malformed("bad label length");
    assert_eq!(parse_reply(&asked(), &reply), Err(bad_label));

    let mut reply = good_reply();
    let end = reply.len();
    reply[end - 5] = 3; // an A record of 3 bytes, and one byte left over
    let short_a = ReplyError::Malformed("an A record not 4 bytes");
    assert_eq!(parse_reply(&asked(), &reply), Err(short_a));
}

#[test]
fn random_replies_never_panic() {
    // xorshift: a fixed seed, so a failure can be replayed.
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let mut reply = good_reply();
        for _ in 0..(next() % 4 + 1) {
            let at = (next() % reply.len() as u64) as usize;
            reply[at] = next() as u8; // mutate a few bytes
        }
        let end = (next() % (reply.len() as u64 + 1)) as usize;
        let _ = parse_reply(&asked(), &reply[..end]);
    }
}

#[test]
fn a_reply_to_another_question_is_refused() {
    let other_name = query(0x1234, "fm.test").unwrap();
    let result = parse_reply(&other_name, &good_reply());
    assert_eq!(result, Err(ReplyError::OtherQuestion));
    let mut no_question = good_reply();
    no_question[5] = 0; // QDCOUNT 0
    let result = parse_reply(&asked(), &no_question);
    assert_eq!(result, Err(ReplyError::OtherQuestion));
    // Letter case may differ (some resolvers randomise it), and NXDOMAIN
    // must echo the question too.
    let mut upper = good_reply();
    upper[13] = b'F';
    assert!(parse_reply(&asked(), &upper).is_ok());
    let mut nxdomain = good_reply();
    (nxdomain[3], nxdomain[14]) = (0x83, b'x');
    let result = parse_reply(&asked(), &nxdomain);
    assert_eq!(result, Err(ReplyError::OtherQuestion));
}

#[test]
fn pointers_are_skipped_not_followed() {
    // A pointer to itself, and one far past the end: following either
    // would loop or read out of bounds; skipping costs two bytes.
    for pointer in [[0xC0, ANSWER as u8], [0xFF, 0xFF]] {
        let mut reply = good_reply();
        reply[ANSWER..ANSWER + 2].copy_from_slice(&pointer);
        let address = Ipv4Addr::new(192, 0, 2, 7);
        assert_eq!(
            parse_reply(&asked(), &reply),
            Ok(Answer::Found(vec![address])),
            "{pointer:x?}"
        );
    }
}

#[test]
fn label_lengths_with_reserved_top_bits_are_errors() {
    for length in [0x40, 0x80, 0xBF] {
        let mut reply = good_reply();
        reply[ANSWER] = length;
        let bad_label = ReplyError::Malformed("bad label length");
        assert_eq!(parse_reply(&asked(), &reply), Err(bad_label));
    }
}

#[test]
fn counts_larger_than_the_reply_are_truncated() {
    // 65,535 answers promised, one given: an error, not a panic.
    let mut reply = good_reply();
    reply[6..8].copy_from_slice(&[0xFF, 0xFF]);
    assert_eq!(parse_reply(&asked(), &reply), Err(ReplyError::Truncated));
    // A record whose data length runs past the end.
    let mut reply = good_reply();
    let end = reply.len();
    reply[end - 6..end - 4].copy_from_slice(&[0xFF, 0xFF]);
    assert_eq!(parse_reply(&asked(), &reply), Err(ReplyError::Truncated));
}

#[test]
fn other_records_are_skipped_and_a_records_kept() {
    // A CNAME first, as a resolver sends for an alias, then the A record.
    let mut reply = good_reply();
    reply[7] = 2;
    let cname = [0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xC0, 12];
    reply.splice(ANSWER..ANSWER, cname);
    let address = Ipv4Addr::new(192, 0, 2, 7);
    assert_eq!(
        parse_reply(&asked(), &reply),
        Ok(Answer::Found(vec![address]))
    );
}
