//! The code's layout rules: service modules (the files under any `service/` folder and every
//! `service.rs`) depend on each other one way only. A cycle would mean two concepts that cannot be
//! understood, tested or moved apart, so this test names it.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `training/service/attempts.rs` -> `training::service::attempts`; `people/service.rs` ->
/// `people::service`; `training/service/mod.rs` -> `training::service`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file
        .strip_prefix(src)
        .expect("under src")
        .with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// Every `crate::a::b::c` path a file mentions, with one level of `{x, y}` expanded.
fn mentions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let after = &rest[path.len()..];
        let path = path.trim_end_matches(':').to_owned();
        if let Some(group) = after.strip_prefix('{') {
            let inner: String = group.chars().take_while(|c| *c != '}').collect();
            for name in inner.split(',') {
                let name = name.trim().split("::").next().unwrap_or("").trim();
                if !name.is_empty() && name != "self" {
                    out.push(format!("{path}::{name}"));
                }
            }
        }
        out.push(path);
    }
    out
}

/// The service module a mentioned path lands in: the longest module that prefixes it.
fn target<'a>(path: &str, modules: &'a BTreeSet<String>) -> Option<&'a String> {
    modules
        .iter()
        .filter(|m| path == m.as_str() || path.starts_with(&format!("{m}::")))
        .max_by_key(|m| m.len())
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(c) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn services_depend_on_each_other_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let services: Vec<(String, PathBuf)> = files
        .iter()
        .map(|f| (module_of(&src, f), f.clone()))
        .filter(|(m, _)| m.split("::").any(|p| p == "service"))
        .collect();
    let modules: BTreeSet<String> = services.iter().map(|(m, _)| m.clone()).collect();
    assert!(
        modules.len() >= 15,
        "expected the service modules of every pillar, found {modules:?}"
    );
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, file) in &services {
        let text = std::fs::read_to_string(file).expect("read");
        let edges = graph.entry(m.clone()).or_default();
        for path in mentions(&text) {
            // A folder's mod.rs declares its children; that is not a dependency.
            if let Some(t) = target(&path, &modules)
                && t != m
                && !t.starts_with(&format!("{m}::"))
            {
                edges.insert(t.clone());
            }
        }
    }
    assert!(
        graph
            .get("training::service::modules")
            .is_some_and(|e| e.contains("training::service::scenarios")),
        "the reader finds dependencies: {graph:#?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "service modules depend on each other in a cycle: {}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        mentions("use crate::training::service::{catalogue::Catalogue, scenarios};"),
        vec![
            "training::service::catalogue".to_owned(),
            "training::service::scenarios".into(),
            "training::service".into()
        ]
    );
}
