//! XML text to a tree of elements, within limits. Only what the transcoders write is accepted: no
//! DOCTYPE (so no entity definitions and nothing to expand), the five predefined entities and
//! character references (including XStream's `&#x0;` for NUL), UTF-8.

use jsess_model::{Limit, Limits};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::Error;

/// One element.
#[derive(Debug)]
pub struct Element {
    /// The tag name as written.
    pub name: String,
    /// Attributes, unescaped.
    pub attrs: Vec<(String, String)>,
    /// The character data, unescaped (only meaningful for elements without children).
    pub text: String,
    /// Child elements, in document order.
    pub children: Vec<usize>,
    /// The enclosing element.
    pub parent: Option<usize>,
    /// Byte offset of the start tag.
    pub offset: u64,
    /// Written as one empty-element tag (`<a/>`), not as a start and an end tag (`<a></a>`):
    /// XStream writes an empty string the second way and an object without content the first.
    pub self_closing: bool,
}

impl Element {
    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A parsed document: element 0 is the root.
#[derive(Debug)]
pub struct Dom {
    /// All elements, in document order.
    pub elements: Vec<Element>,
}

/// Parses a document.
pub fn parse(xml: &[u8], limits: &Limits) -> Result<Dom, Error> {
    if xml.len() > limits.max_stream_bytes {
        return Err(Error::Limit {
            limit: Limit::StreamBytes,
            offset: limits.max_stream_bytes as u64,
        });
    }
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    config.expand_empty_elements = false;
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut root_closed = false;
    loop {
        let offset = reader.buffer_position();
        let event = reader.read_event().map_err(|e| Error::Xml {
            offset: reader.error_position(),
            reason: e.to_string(),
        })?;
        let text_target = |open: &Vec<usize>| -> Result<usize, Error> {
            open.last().copied().ok_or_else(|| Error::Xml {
                offset,
                reason: "character data outside the root element".into(),
            })
        };
        match event {
            Event::Start(start) | Event::Empty(start) if root_closed => {
                let _ = start;
                return Err(Error::Xml {
                    offset,
                    reason: "a second root element".into(),
                });
            }
            Event::Start(start) => {
                let id = element(&mut elements, &open, &start, offset, limits)?;
                open.push(id);
                if open.len() > limits.max_depth as usize {
                    return Err(Error::Limit {
                        limit: Limit::Depth,
                        offset,
                    });
                }
            }
            Event::Empty(start) => {
                let id = element(&mut elements, &open, &start, offset, limits)?;
                elements[id].self_closing = true;
                if open.is_empty() {
                    root_closed = true;
                }
            }
            Event::End(_) => {
                if let Some(&id) = open.last() {
                    let e = &elements[id];
                    if !e.children.is_empty() && !e.text.trim().is_empty() {
                        return Err(Error::Xml {
                            offset,
                            reason: format!("text mixed with elements in <{}>", e.name),
                        });
                    }
                }
                open.pop();
                if open.is_empty() {
                    root_closed = true;
                }
            }
            Event::Text(text) => {
                let raw = text.into_inner();
                if open.is_empty() {
                    if raw.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Err(Error::Xml {
                        offset,
                        reason: "character data outside the root element".into(),
                    });
                }
                let target = text_target(&open)?;
                let s = std::str::from_utf8(&raw).map_err(|e| Error::Xml {
                    offset: offset + e.valid_up_to() as u64,
                    reason: "not UTF-8".into(),
                })?;
                // XML 1.0 has no raw control characters; XStream writes them as references.
                if s.chars()
                    .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                {
                    return Err(Error::Xml {
                        offset,
                        reason: "a raw control character in text".into(),
                    });
                }
                push_text(&mut elements[target], s, offset, limits)?;
            }
            Event::CData(data) => {
                let target = text_target(&open)?;
                let raw = data.into_inner();
                let s = std::str::from_utf8(&raw).map_err(|_| Error::Xml {
                    offset,
                    reason: "not UTF-8".into(),
                })?;
                push_text(&mut elements[target], s, offset, limits)?;
            }
            Event::GeneralRef(r) => {
                let target = text_target(&open)?;
                let name = r.into_inner();
                let c = entity(&name).ok_or_else(|| Error::Xml {
                    offset,
                    reason: format!("unknown entity &{};", String::from_utf8_lossy(&name)),
                })?;
                let mut buf = [0u8; 4];
                push_text(
                    &mut elements[target],
                    c.encode_utf8(&mut buf),
                    offset,
                    limits,
                )?;
            }
            Event::DocType(_) => return Err(Error::Doctype { offset }),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if !open.is_empty() || elements.is_empty() {
        return Err(Error::Xml {
            offset: xml.len() as u64,
            reason: "the document ends inside an element, or has none".into(),
        });
    }
    Ok(Dom { elements })
}

fn push_text(element: &mut Element, s: &str, offset: u64, limits: &Limits) -> Result<(), Error> {
    if (element.text.len() + s.len()) as u64 > limits.max_string_bytes {
        return Err(Error::Limit {
            limit: Limit::StringBytes,
            offset,
        });
    }
    element.text.push_str(s);
    Ok(())
}

fn element(
    elements: &mut Vec<Element>,
    open: &[usize],
    start: &BytesStart<'_>,
    offset: u64,
    limits: &Limits,
) -> Result<usize, Error> {
    if elements.len() >= limits.max_handles as usize {
        return Err(Error::Limit {
            limit: Limit::Handles,
            offset,
        });
    }
    let name = std::str::from_utf8(start.name().as_ref())
        .map_err(|_| Error::Xml {
            offset,
            reason: "element name is not UTF-8".into(),
        })?
        .to_string();
    let mut attrs: Vec<(String, String)> = Vec::new();
    // quick-xml's own check for repeated attributes compares each with every one before it:
    // quadratic in an element's attributes, and Javolution writes a wide class's primitive
    // fields as thousands of them. The check below is linear.
    for attr in start.attributes().with_checks(false) {
        let attr = attr.map_err(|e| Error::Xml {
            offset,
            reason: e.to_string(),
        })?;
        let key = String::from_utf8(attr.key.as_ref().to_vec()).map_err(|_| Error::Xml {
            offset,
            reason: "attribute name is not UTF-8".into(),
        })?;
        let raw = std::str::from_utf8(&attr.value).map_err(|_| Error::Xml {
            offset,
            reason: "attribute value is not UTF-8".into(),
        })?;
        attrs.push((key, unescape(raw, offset)?));
    }
    if let Some(repeated) = repeated_name(&attrs) {
        return Err(Error::Xml {
            offset,
            reason: format!("attribute {repeated} given twice"),
        });
    }
    let id = elements.len();
    let parent = open.last().copied();
    elements.push(Element {
        name,
        attrs,
        text: String::new(),
        children: Vec::new(),
        parent,
        offset,
        self_closing: false,
    });
    if let Some(p) = parent {
        elements[p].children.push(id);
    }
    Ok(id)
}

/// The first attribute name given twice, if any.
fn repeated_name(attrs: &[(String, String)]) -> Option<&str> {
    match attrs {
        [] | [_] => None,
        [(a, _), (b, _)] => (a == b).then_some(a.as_str()),
        _ => {
            let mut seen = std::collections::HashSet::with_capacity(attrs.len());
            attrs
                .iter()
                .map(|(name, _)| name.as_str())
                .find(|name| !seen.insert(*name))
        }
    }
}

/// The character a predefined entity or character reference (without `&` and `;`) stands for.
fn entity(name: &[u8]) -> Option<char> {
    Some(match name {
        b"lt" => '<',
        b"gt" => '>',
        b"amp" => '&',
        b"quot" => '"',
        b"apos" => '\'',
        _ => {
            let name = std::str::from_utf8(name).ok()?;
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) if !hex.is_empty() && hex.len() <= 6 => {
                    u32::from_str_radix(hex, 16).ok()?
                }
                None if !number.is_empty() && number.len() <= 7 => number.parse().ok()?,
                _ => return None,
            };
            char::from_u32(code)?
        }
    })
}

/// Unescapes an attribute value.
fn unescape(raw: &str, offset: u64) -> Result<String, Error> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').ok_or_else(|| Error::Xml {
            offset,
            reason: "unterminated entity in an attribute".into(),
        })?;
        let c = entity(&after.as_bytes()[..end]).ok_or_else(|| Error::Xml {
            offset,
            reason: format!("unknown entity &{};", &after[..end]),
        })?;
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An attribute given twice is refused, among two or among thousands; thousands of
    /// distinct ones are read (the check is linear).
    #[test]
    fn attributes_given_twice_are_refused() {
        assert!(parse(br#"<a x="1" x="2"/>"#, &Limits::DEFAULT).is_err());
        let many: String = (0..20_000).map(|i| format!(" f{i}=\"{i}\"")).collect();
        let dom = parse(format!("<a{many}/>").as_bytes(), &Limits::DEFAULT).expect("distinct");
        assert_eq!(dom.elements[0].attrs.len(), 20_000);
        let repeated = format!("<a{many} f7=\"again\"/>");
        let err = parse(repeated.as_bytes(), &Limits::DEFAULT).expect_err("repeated");
        assert!(err.to_string().contains("f7 given twice"), "{err}");
    }
}
