//! A session of tens of thousands of attributes moves to each hash layout and back whole, and
//! in time linear in its attributes (merging the attribute streams back into one once walked
//! every node merged before for each attribute).

use jsess_javaser::jdk::Builder;
use jsess_layouts::convert::{from_msm, to_msm, Allow};
use jsess_model::{Envelope, Limits, Session};

fn session(n: usize) -> Session<'static> {
    let mut b = Builder::new();
    let names: Vec<String> = (0..n).map(|i| format!("attr{i}")).collect();
    let mut pairs = Vec::new();
    for name in &names {
        let value = b.string(&format!("value of {name}"));
        pairs.push((name.as_str(), Some(value)));
    }
    jsess_msm::build_attributes(&mut b, &pairs).expect("framed");
    Session {
        envelope: Envelope::new(b"7C2A11B0".to_vec(), 1_700_000_000_000, 1800),
        attributes: b.finish(),
    }
}

#[test]
fn many_attributes_move_to_each_hash_layout_and_back() {
    let n = 20_000;
    let original = session(n);
    let allow = Allow {
        lost_login: true,
        split_shared: true,
    };
    for layout in [
        jsess_layouts::redisson::LAYOUT,
        jsess_layouts::spring::LAYOUT,
    ] {
        let hash = from_msm(&original, layout, allow, &Limits::DEFAULT).expect("to the layout");
        assert_eq!(hash.value.attributes.len(), n, "{}", layout.name);
        let back = to_msm(&hash.value, &Limits::DEFAULT).expect("back to msm");
        let framed = jsess_msm::attributes(&back.value.attributes).expect("framed");
        assert_eq!(framed.entries.len(), n, "{}", layout.name);
        let graph = &back.value.attributes.graph;
        for (i, attribute) in framed.entries.iter().enumerate().step_by(997) {
            let name = graph.string(attribute.name).map(|s| s.to_string());
            assert_eq!(name.as_deref(), Some(format!("attr{i}").as_str()));
            let jsess_msm::AttributeValue::Written(Some(value)) = attribute.value else {
                panic!("attr{i}: {:?}", attribute.value);
            };
            assert_eq!(
                graph.string(value).map(|s| s.to_string()),
                Some(format!("value of attr{i}"))
            );
        }
    }
}
