use super::*;

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
    for name in ["", ".", "fn..test", &long_label, &long_name] {
        assert_eq!(query(1, name), Err(BadName(name.to_string())), "{name}");
    }
    assert!(query(1, &"a".repeat(63)).is_ok());
}

#[test]
fn a_good_reply_gives_its_address() {
    let answer = parse_reply(0x1234, &good_reply());
    assert_eq!(answer, Ok(Answer::Found(vec![Ipv4Addr::new(192, 0, 2, 7)])));
}

#[test]
fn nxdomain_is_not_found() {
    let mut reply = good_reply();
    reply[3] = 0x83;
    assert_eq!(parse_reply(0x1234, &reply), Ok(Answer::NotFound));
}

#[test]
fn every_truncation_is_an_error() {
    let reply = good_reply();
    for end in 0..reply.len() {
        let result = parse_reply(0x1234, &reply[..end]);
        assert_eq!(result, Err(ReplyError::Truncated), "cut at {end}");
    }
}

#[test]
fn a_reply_to_another_query_is_refused() {
    let result = parse_reply(0x4321, &good_reply());
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
        parse_reply(0x1234, &reply)
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
    reply[12] = 0x42; // a label length with its top bits 01
    let bad_label = ReplyError::Malformed("bad label length");
    assert_eq!(parse_reply(0x1234, &reply), Err(bad_label));

    let mut reply = good_reply();
    let end = reply.len();
    reply[end - 5] = 3; // an A record of 3 bytes, and one byte left over
    let short_a = ReplyError::Malformed("an A record not 4 bytes");
    assert_eq!(parse_reply(0x1234, &reply), Err(short_a));
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
        let _ = parse_reply(0x1234, &reply[..end]);
    }
}
