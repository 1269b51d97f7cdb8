//! The 194 countries the server knows: the 193 member states of the United
//! Nations and the Holy See, with their ISO 3166-1 alpha-2 codes, their
//! country-code top-level domains and their short English names. This is our
//! own table, sorted by code.

/// One row of the table, serialized as `metadata.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Country {
    /// The ISO 3166-1 alpha-2 code, upper case: `"BR"`.
    pub iso_cc: &'static str,
    /// The top-level domain: `".br"`. Equal to the code in lower case with a
    /// dot, except for the United Kingdom (`GB`, `.uk`).
    pub tld_cc: &'static str,
    /// The short English name: `"Brazil"`.
    pub country: &'static str,
}

const fn c(
    iso_cc: &'static str,
    tld_cc: &'static str,
    country: &'static str,
) -> Country {
    Country {
        iso_cc,
        tld_cc,
        country,
    }
}

/// Every country, sorted by `iso_cc`.
pub static COUNTRIES: [Country; 194] = [
    c("AD", ".ad", "Andorra"),
    c("AE", ".ae", "United Arab Emirates"),
    c("AF", ".af", "Afghanistan"),
    c("AG", ".ag", "Antigua and Barbuda"),
    c("AL", ".al", "Albania"),
    c("AM", ".am", "Armenia"),
    c("AO", ".ao", "Angola"),
    c("AR", ".ar", "Argentina"),
    c("AT", ".at", "Austria"),
    c("AU", ".au", "Australia"),
    c("AZ", ".az", "Azerbaijan"),
    c("BA", ".ba", "Bosnia and Herzegovina"),
    c("BB", ".bb", "Barbados"),
    c("BD", ".bd", "Bangladesh"),
    c("BE", ".be", "Belgium"),
    c("BF", ".bf", "Burkina Faso"),
    c("BG", ".bg", "Bulgaria"),
    c("BH", ".bh", "Bahrain"),
    c("BI", ".bi", "Burundi"),
    c("BJ", ".bj", "Benin"),
    c("BN", ".bn", "Brunei"),
    c("BO", ".bo", "Bolivia"),
    c("BR", ".br", "Brazil"),
    c("BS", ".bs", "Bahamas"),
    c("BT", ".bt", "Bhutan"),
    c("BW", ".bw", "Botswana"),
    c("BY", ".by", "Belarus"),
    c("BZ", ".bz", "Belize"),
    c("CA", ".ca", "Canada"),
    c("CD", ".cd", "Democratic Republic of the Congo"),
    c("CF", ".cf", "Central African Republic"),
    c("CG", ".cg", "Congo"),
    c("CH", ".ch", "Switzerland"),
    c("CI", ".ci", "Côte d'Ivoire"),
    c("CL", ".cl", "Chile"),
    c("CM", ".cm", "Cameroon"),
    c("CN", ".cn", "China"),
    c("CO", ".co", "Colombia"),
    c("CR", ".cr", "Costa Rica"),
    c("CU", ".cu", "Cuba"),
    c("CV", ".cv", "Cabo Verde"),
    c("CY", ".cy", "Cyprus"),
    c("CZ", ".cz", "Czechia"),
    c("DE", ".de", "Germany"),
    c("DJ", ".dj", "Djibouti"),
    c("DK", ".dk", "Denmark"),
    c("DM", ".dm", "Dominica"),
    c("DO", ".do", "Dominican Republic"),
    c("DZ", ".dz", "Algeria"),
    c("EC", ".ec", "Ecuador"),
    c("EE", ".ee", "Estonia"),
    c("EG", ".eg", "Egypt"),
    c("ER", ".er", "Eritrea"),
    c("ES", ".es", "Spain"),
    c("ET", ".et", "Ethiopia"),
    c("FI", ".fi", "Finland"),
    c("FJ", ".fj", "Fiji"),
    c("FM", ".fm", "Micronesia"),
    c("FR", ".fr", "France"),
    c("GA", ".ga", "Gabon"),
    c("GB", ".uk", "United Kingdom"),
    c("GD", ".gd", "Grenada"),
    c("GE", ".ge", "Georgia"),
    c("GH", ".gh", "Ghana"),
    c("GM", ".gm", "Gambia"),
    c("GN", ".gn", "Guinea"),
    c("GQ", ".gq", "Equatorial Guinea"),
    c("GR", ".gr", "Greece"),
    c("GT", ".gt", "Guatemala"),
    c("GW", ".gw", "Guinea-Bissau"),
    c("GY", ".gy", "Guyana"),
    c("HN", ".hn", "Honduras"),
    c("HR", ".hr", "Croatia"),
    c("HT", ".ht", "Haiti"),
    c("HU", ".hu", "Hungary"),
    c("ID", ".id", "Indonesia"),
    c("IE", ".ie", "Ireland"),
    c("IL", ".il", "Israel"),
    c("IN", ".in", "India"),
    c("IQ", ".iq", "Iraq"),
    c("IR", ".ir", "Iran"),
    c("IS", ".is", "Iceland"),
    c("IT", ".it", "Italy"),
    c("JM", ".jm", "Jamaica"),
    c("JO", ".jo", "Jordan"),
    c("JP", ".jp", "Japan"),
    c("KE", ".ke", "Kenya"),
    c("KG", ".kg", "Kyrgyzstan"),
    c("KH", ".kh", "Cambodia"),
    c("KI", ".ki", "Kiribati"),
    c("KM", ".km", "Comoros"),
    c("KN", ".kn", "Saint Kitts and Nevis"),
    c("KP", ".kp", "North Korea"),
    c("KR", ".kr", "South Korea"),
    c("KW", ".kw", "Kuwait"),
    c("KZ", ".kz", "Kazakhstan"),
    c("LA", ".la", "Laos"),
    c("LB", ".lb", "Lebanon"),
    c("LC", ".lc", "Saint Lucia"),
    c("LI", ".li", "Liechtenstein"),
    c("LK", ".lk", "Sri Lanka"),
    c("LR", ".lr", "Liberia"),
    c("LS", ".ls", "Lesotho"),
    c("LT", ".lt", "Lithuania"),
    c("LU", ".lu", "Luxembourg"),
    c("LV", ".lv", "Latvia"),
    c("LY", ".ly", "Libya"),
    c("MA", ".ma", "Morocco"),
    c("MC", ".mc", "Monaco"),
    c("MD", ".md", "Moldova"),
    c("ME", ".me", "Montenegro"),
    c("MG", ".mg", "Madagascar"),
    c("MH", ".mh", "Marshall Islands"),
    c("MK", ".mk", "North Macedonia"),
    c("ML", ".ml", "Mali"),
    c("MM", ".mm", "Myanmar"),
    c("MN", ".mn", "Mongolia"),
    c("MR", ".mr", "Mauritania"),
    c("MT", ".mt", "Malta"),
    c("MU", ".mu", "Mauritius"),
    c("MV", ".mv", "Maldives"),
    c("MW", ".mw", "Malawi"),
    c("MX", ".mx", "Mexico"),
    c("MY", ".my", "Malaysia"),
    c("MZ", ".mz", "Mozambique"),
    c("NA", ".na", "Namibia"),
    c("NE", ".ne", "Niger"),
    c("NG", ".ng", "Nigeria"),
    c("NI", ".ni", "Nicaragua"),
    c("NL", ".nl", "Netherlands"),
    c("NO", ".no", "Norway"),
    c("NP", ".np", "Nepal"),
    c("NR", ".nr", "Nauru"),
    c("NZ", ".nz", "New Zealand"),
    c("OM", ".om", "Oman"),
    c("PA", ".pa", "Panama"),
    c("PE", ".pe", "Peru"),
    c("PG", ".pg", "Papua New Guinea"),
    c("PH", ".ph", "Philippines"),
    c("PK", ".pk", "Pakistan"),
    c("PL", ".pl", "Poland"),
    c("PT", ".pt", "Portugal"),
    c("PW", ".pw", "Palau"),
    c("PY", ".py", "Paraguay"),
    c("QA", ".qa", "Qatar"),
    c("RO", ".ro", "Romania"),
    c("RS", ".rs", "Serbia"),
    c("RU", ".ru", "Russia"),
    c("RW", ".rw", "Rwanda"),
    c("SA", ".sa", "Saudi Arabia"),
    c("SB", ".sb", "Solomon Islands"),
    c("SC", ".sc", "Seychelles"),
    c("SD", ".sd", "Sudan"),
    c("SE", ".se", "Sweden"),
    c("SG", ".sg", "Singapore"),
    c("SI", ".si", "Slovenia"),
    c("SK", ".sk", "Slovakia"),
    c("SL", ".sl", "Sierra Leone"),
    c("SM", ".sm", "San Marino"),
    c("SN", ".sn", "Senegal"),
    c("SO", ".so", "Somalia"),
    c("SR", ".sr", "Suriname"),
    c("SS", ".ss", "South Sudan"),
    c("ST", ".st", "Sao Tome and Principe"),
    c("SV", ".sv", "El Salvador"),
    c("SY", ".sy", "Syria"),
    c("SZ", ".sz", "Eswatini"),
    c("TD", ".td", "Chad"),
    c("TG", ".tg", "Togo"),
    c("TH", ".th", "Thailand"),
    c("TJ", ".tj", "Tajikistan"),
    c("TL", ".tl", "Timor-Leste"),
    c("TM", ".tm", "Turkmenistan"),
    c("TN", ".tn", "Tunisia"),
    c("TO", ".to", "Tonga"),
    c("TR", ".tr", "Türkiye"),
    c("TT", ".tt", "Trinidad and Tobago"),
    c("TV", ".tv", "Tuvalu"),
    c("TZ", ".tz", "Tanzania"),
    c("UA", ".ua", "Ukraine"),
    c("UG", ".ug", "Uganda"),
    c("US", ".us", "United States"),
    c("UY", ".uy", "Uruguay"),
    c("UZ", ".uz", "Uzbekistan"),
    c("VA", ".va", "Holy See"),
    c("VC", ".vc", "Saint Vincent and the Grenadines"),
    c("VE", ".ve", "Venezuela"),
    c("VN", ".vn", "Vietnam"),
    c("VU", ".vu", "Vanuatu"),
    c("WS", ".ws", "Samoa"),
    c("YE", ".ye", "Yemen"),
    c("ZA", ".za", "South Africa"),
    c("ZM", ".zm", "Zambia"),
    c("ZW", ".zw", "Zimbabwe"),
];

/// Looks a country up by its code, in either case.
pub fn find(cc: &str) -> Option<&'static Country> {
    let cc = cc.to_ascii_uppercase();
    COUNTRIES
        .binary_search_by(|country| country.iso_cc.cmp(cc.as_str()))
        .ok()
        .map(|i| &COUNTRIES[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_complete() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].iso_cc < w[1].iso_cc));
        for country in &COUNTRIES {
            assert_eq!(country.iso_cc.len(), 2);
            assert!(country.iso_cc.bytes().all(|b| b.is_ascii_uppercase()));
            assert_eq!(country.tld_cc.len(), 3);
            assert!(!country.country.is_empty());
        }
    }

    #[test]
    fn find_ignores_case_and_rejects_unknown_codes() {
        assert_eq!(find("br").unwrap().country, "Brazil");
        assert_eq!(find("GB").unwrap().tld_cc, ".uk");
        assert!(find("ZZ").is_none());
        assert!(find("").is_none());
    }
}
