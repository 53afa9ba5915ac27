//! The map of a scenario: steps laid out in columns (the most choices it can take to reach a step
//! from the start), ordered within each column so arrows cross little, with the arrows routed
//! through empty slots and gaps so they never cross a box, and the steps validation worries about
//! marked. Pure, so it can be tested and drawn on either side.
use std::collections::{HashMap, HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::training::rules::model::{Ending, Scenario};
use crate::training::rules::validate::Problem;

pub const NODE_W: i32 = 150;
pub const NODE_H: i32 = 46;
const GAP_X: i32 = 46;
const GAP_Y: i32 = 22;
const MARGIN: i32 = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeKind {
    Start,
    Step,
    Ending(Ending),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub x: i32,
    pub y: i32,
    pub kind: NodeKind,
    /// No path through the conversation reaches the step.
    pub unreachable: bool,
    /// Not an ending, yet the learner can be left with no choice here.
    pub dead_end: bool,
    /// Validation found something at this step.
    pub problems: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// An SVG path from one box to the other.
    pub path: String,
    /// Taken only when a condition holds (a branch, or a choice with `when`).
    pub conditional: bool,
    /// Leads back to an earlier column.
    pub back: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Map {
    pub width: i32,
    pub height: i32,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Every (from, to, conditional) arrow of the scenario, once each.
fn arrows(s: &Scenario) -> Vec<(usize, usize, bool)> {
    let index: HashMap<&str, usize> = s
        .steps
        .iter()
        .enumerate()
        .map(|(i, st)| (st.id.as_str(), i))
        .collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, st) in s.steps.iter().enumerate() {
        for c in &st.choices {
            let targets = std::iter::once((c.next.as_str(), c.when.is_some()))
                .chain(c.branches.iter().map(|b| (b.next.as_str(), true)));
            for (to, conditional) in targets {
                if let Some(&j) = index.get(to)
                    && seen.insert((i, j, conditional))
                {
                    out.push((i, j, conditional));
                }
            }
        }
    }
    out
}

pub fn layout(s: &Scenario, problems: &[Problem]) -> Map {
    let n = s.steps.len();
    let arrows = arrows(s);
    let start = s.steps.iter().position(|st| st.id == s.start);
    // Arrows that close a loop (found by a depth-first walk from the start) are drawn going back;
    // every other arrow points right: a step's column is the most choices it can take to get there.
    let mut loops: HashSet<(usize, usize)> = HashSet::new();
    let mut reached = vec![false; n];
    if let Some(st) = start {
        let mut on_path = vec![false; n];
        let mut stack: Vec<(usize, usize)> = vec![(st, 0)];
        reached[st] = true;
        on_path[st] = true;
        while let Some((i, k)) = stack.last_mut() {
            let (i, next) = (*i, arrows.iter().filter(|(f, _, _)| *f == *i).nth(*k));
            *k += 1;
            match next {
                Some(&(_, j, _)) if on_path[j] => {
                    loops.insert((i, j));
                }
                Some(&(_, j, _)) if !reached[j] => {
                    reached[j] = true;
                    on_path[j] = true;
                    stack.push((j, 0));
                }
                Some(_) => {}
                None => {
                    on_path[i] = false;
                    stack.pop();
                }
            }
        }
    }
    let forward: Vec<(usize, usize)> = arrows
        .iter()
        .filter(|(i, j, _)| reached[*i] && reached[*j] && !loops.contains(&(*i, *j)))
        .map(|(i, j, _)| (*i, *j))
        .collect();
    let mut depth: Vec<Option<usize>> = (0..n).map(|i| (Some(i) == start).then_some(0)).collect();
    let mut incoming: Vec<usize> = (0..n)
        .map(|j| forward.iter().filter(|(_, t)| *t == j).count())
        .collect();
    let mut ready: VecDeque<usize> = start.into_iter().collect();
    while let Some(i) = ready.pop_front() {
        for &(_, j) in forward.iter().filter(|(f, _)| *f == i) {
            let d = depth[i].unwrap_or(0) + 1;
            depth[j] = Some(depth[j].map_or(d, |old: usize| old.max(d)));
            incoming[j] -= 1;
            if incoming[j] == 0 {
                ready.push_back(j);
            }
        }
    }
    let last = depth.iter().flatten().max().map_or(0, |d| d + 1);
    let column: Vec<usize> = depth.iter().map(|d| d.unwrap_or(last)).collect();
    let columns = column.iter().max().map_or(1, |c| c + 1);

    // Slots: the steps, plus one empty slot in every column a rightward arrow passes over, so
    // arrows run through empty slots and never through a box.
    let is_back = |i: usize, j: usize| loops.contains(&(i, j)) || column[j] <= column[i];
    let mut slot_column: Vec<usize> = column.clone();
    // Per arrow: the slots it passes through, in order.
    let mut routes: Vec<Vec<usize>> = Vec::with_capacity(arrows.len());
    for &(i, j, _) in &arrows {
        let mut route = vec![i];
        if !is_back(i, j) {
            for c in column[i] + 1..column[j] {
                slot_column.push(c);
                route.push(slot_column.len() - 1);
            }
        }
        route.push(j);
        routes.push(route);
    }
    let slots = slot_column.len();
    let mut links: Vec<(usize, usize)> = Vec::new();
    for (route, &(i, j, _)) in routes.iter().zip(&arrows) {
        if !is_back(i, j) {
            links.extend(route.windows(2).map(|w| (w[0], w[1])));
        }
    }
    // Order each column by the mean position of its neighbours (a few sweeps each way), which
    // keeps related steps level and arrows from crossing.
    let mut layer: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for (k, c) in slot_column.iter().enumerate() {
        layer[*c].push(k);
    }
    let mut rank = vec![0.0f64; slots];
    let set_ranks = |layer: &Vec<Vec<usize>>, rank: &mut Vec<f64>| {
        for l in layer {
            for (r, k) in l.iter().enumerate() {
                rank[*k] = r as f64;
            }
        }
    };
    set_ranks(&layer, &mut rank);
    for sweep in 0..8 {
        let rightward = sweep % 2 == 0;
        let order: Vec<usize> = if rightward {
            (1..columns).collect()
        } else {
            (0..columns.saturating_sub(1)).rev().collect()
        };
        for c in order {
            let mut keyed: Vec<(f64, usize)> = layer[c]
                .iter()
                .map(|&k| {
                    let near: Vec<f64> = links
                        .iter()
                        .filter_map(|&(a, b)| match rightward {
                            true if b == k => Some(rank[a]),
                            false if a == k => Some(rank[b]),
                            _ => None,
                        })
                        .collect();
                    let key = if near.is_empty() {
                        rank[k]
                    } else {
                        near.iter().sum::<f64>() / near.len() as f64
                    };
                    (key, k)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layer[c] = keyed.into_iter().map(|(_, k)| k).collect();
            set_ranks(&layer, &mut rank);
        }
    }
    let mut pos = vec![(0, 0); slots];
    for (c, l) in layer.iter().enumerate() {
        for (r, k) in l.iter().enumerate() {
            pos[*k] = (
                MARGIN + c as i32 * (NODE_W + GAP_X),
                MARGIN + r as i32 * (NODE_H + GAP_Y),
            );
        }
    }
    let rows = layer.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32;
    let bottom = MARGIN + rows * (NODE_H + GAP_Y);

    let flagged = |id: &str, field: &str| {
        problems
            .iter()
            .any(|p| p.step.as_deref() == Some(id) && p.field == field)
    };
    let nodes = s
        .steps
        .iter()
        .enumerate()
        .map(|(i, st)| Node {
            id: st.id.clone(),
            x: pos[i].0,
            y: pos[i].1,
            kind: match st.ending {
                Some(e) => NodeKind::Ending(e),
                None if Some(i) == start => NodeKind::Start,
                None => NodeKind::Step,
            },
            unreachable: depth[i].is_none(),
            dead_end: st.ending.is_none() && flagged(&st.id, "choices"),
            problems: problems
                .iter()
                .filter(|p| p.step.as_deref() == Some(st.id.as_str()))
                .count(),
        })
        .collect();
    let mut lanes = 0;
    let edges = arrows
        .iter()
        .zip(&routes)
        .map(|(&(i, j, conditional), route)| {
            let back = is_back(i, j);
            let path = if back {
                // Out to the gap on the right, down below every box, along to the gap on the left
                // of the target, and in: only gaps and the space under the map are crossed.
                lanes += 1;
                let lane = bottom + lanes * 8;
                let (fx, fy) = (pos[i].0 + NODE_W, pos[i].1 + NODE_H / 2);
                let (tx, ty) = (pos[j].0, pos[j].1 + NODE_H / 2);
                let out = fx + GAP_X / 3;
                let into = tx - GAP_X / 3;
                format!(
                    "M {fx} {fy} L {out} {fy} L {out} {lane} L {into} {lane} L {into} {ty} L {tx} {ty}"
                )
            } else {
                // Across each gap in a curve, straight through each empty slot.
                let mut d = String::new();
                for (k, w) in route.windows(2).enumerate() {
                    let (a, b) = (w[0], w[1]);
                    let (fx, fy) = (pos[a].0 + NODE_W, pos[a].1 + NODE_H / 2);
                    let (tx, ty) = (pos[b].0, pos[b].1 + NODE_H / 2);
                    let mid = (fx + tx) / 2;
                    if k == 0 {
                        d.push_str(&format!("M {fx} {fy} "));
                    } else {
                        d.push_str(&format!("L {fx} {fy} "));
                    }
                    d.push_str(&format!("C {mid} {fy}, {mid} {ty}, {tx} {ty} "));
                }
                d.trim_end().to_owned()
            };
            Edge {
                path,
                conditional,
                back,
            }
        })
        .collect();
    let width = MARGIN * 2 + columns as i32 * (NODE_W + GAP_X) - GAP_X;
    let height = bottom + lanes * 8 + MARGIN;
    Map {
        width,
        height,
        nodes,
        edges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::rules::tests_support::tiny;
    use crate::training::rules::validate::validate;

    #[test]
    fn columns_follow_the_conversation() {
        let s = tiny();
        let m = layout(&s, &validate(&s));
        assert_eq!(m.nodes[0].kind, NodeKind::Start);
        assert_eq!(m.nodes[0].x, MARGIN);
        assert!(
            m.nodes[1].x > m.nodes[0].x,
            "endings sit right of the start"
        );
        assert_eq!(m.nodes[1].x, m.nodes[2].x);
        assert_ne!(m.nodes[1].y, m.nodes[2].y);
        assert_eq!(m.edges.len(), 2);
        assert!(m.nodes.iter().all(|n| !n.unreachable && !n.dead_end));
    }

    #[test]
    fn unreachable_steps_and_dead_ends_are_marked() {
        let mut s = tiny();
        let mut orphan = s.steps[1].clone();
        orphan.id = "orphan".into();
        orphan.ending = None;
        orphan.debrief.clear();
        s.steps.push(orphan);
        let m = layout(&s, &validate(&s));
        let o = m.nodes.iter().find(|n| n.id == "orphan").expect("node");
        assert!(o.unreachable && o.dead_end);
        assert!(o.problems >= 2);
        assert!(
            o.x > m.nodes[1].x,
            "unreachable steps get a column of their own"
        );
    }

    #[test]
    fn loops_draw_back_arrows() {
        let mut s = tiny();
        let mut again = s.steps[0].choices[1].clone();
        again.next = "start".into();
        again.when = Some("mood >= 10".parse().expect("condition"));
        s.steps[0].choices.push(again);
        let m = layout(&s, &[]);
        assert!(m.edges.iter().any(|e| e.back && e.conditional));
    }

    /// Points along an SVG path made of M, L and C commands, many per segment.
    fn samples(path: &str) -> Vec<(f64, f64)> {
        let t: Vec<&str> = path.split([' ', ',']).filter(|s| !s.is_empty()).collect();
        let num = |k: usize| t[k].parse::<f64>().expect("number");
        let (mut k, mut at, mut out) = (0, (0.0, 0.0), Vec::new());
        while k < t.len() {
            match t[k] {
                "M" => {
                    at = (num(k + 1), num(k + 2));
                    k += 3;
                }
                "L" => {
                    let to = (num(k + 1), num(k + 2));
                    for s in 0..=40 {
                        let f = s as f64 / 40.0;
                        out.push((at.0 + (to.0 - at.0) * f, at.1 + (to.1 - at.1) * f));
                    }
                    at = to;
                    k += 3;
                }
                "C" => {
                    let (c1, c2, to) = (
                        (num(k + 1), num(k + 2)),
                        (num(k + 3), num(k + 4)),
                        (num(k + 5), num(k + 6)),
                    );
                    for s in 0..=40 {
                        let f = s as f64 / 40.0;
                        let g = 1.0 - f;
                        let b = |p0: f64, p1: f64, p2: f64, p3: f64| {
                            g * g * g * p0
                                + 3.0 * g * g * f * p1
                                + 3.0 * g * f * f * p2
                                + f * f * f * p3
                        };
                        out.push((b(at.0, c1.0, c2.0, to.0), b(at.1, c1.1, c2.1, to.1)));
                    }
                    at = to;
                    k += 7;
                }
                other => panic!("unexpected `{other}` in {path}"),
            }
        }
        out
    }

    #[test]
    fn arrows_never_cross_a_box_in_any_starter_scenario() {
        for (file, text) in crate::training::files::library::FILES {
            let s: Scenario = toml::from_str(text).expect("parses");
            let m = layout(&s, &[]);
            for e in &m.edges {
                for (x, y) in samples(&e.path) {
                    // Strictly inside a box, with a pixel of slack for the edges it starts and ends on.
                    let hit = m.nodes.iter().find(|n| {
                        x > (n.x + 1) as f64
                            && x < (n.x + NODE_W - 1) as f64
                            && y > (n.y + 1) as f64
                            && y < (n.y + NODE_H - 1) as f64
                    });
                    assert!(
                        hit.is_none(),
                        "{file}: {} crosses {:?}",
                        e.path,
                        hit.map(|n| &n.id)
                    );
                    assert!(
                        x >= 0.0 && y >= 0.0 && x <= m.width as f64 && y <= m.height as f64,
                        "{file}: {} leaves the map",
                        e.path
                    );
                }
            }
            // No two boxes overlap.
            for (a, na) in m.nodes.iter().enumerate() {
                for nb in &m.nodes[a + 1..] {
                    assert!(
                        na.x != nb.x || na.y != nb.y,
                        "{file}: {} on {}",
                        na.id,
                        nb.id
                    );
                }
            }
        }
    }
}
