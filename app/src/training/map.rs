//! The map of a scenario: steps laid out in columns by how far they are from the start, with the
//! arrows between them, and the steps validation worries about marked. Pure, so it can be tested
//! and drawn on either side.
use std::collections::{HashMap, HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::training::model::{Ending, Scenario};
use crate::training::validate::Problem;

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
    // Arrows that close a loop (found by a depth-first walk from the start) are drawn curving
    // back; every other arrow points right: a step's column is its longest distance from the start.
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
    let mut rows_in: HashMap<usize, i32> = HashMap::new();
    let mut pos = Vec::with_capacity(n);
    for c in &column {
        let row = rows_in.entry(*c).or_insert(0);
        pos.push((
            MARGIN + *c as i32 * (NODE_W + GAP_X),
            MARGIN + *row * (NODE_H + GAP_Y),
        ));
        *row += 1;
    }
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
    let edges = arrows
        .iter()
        .map(|&(i, j, conditional)| {
            let (fx, fy) = (pos[i].0 + NODE_W, pos[i].1 + NODE_H / 2);
            let (tx, ty) = (pos[j].0, pos[j].1 + NODE_H / 2);
            let back = loops.contains(&(i, j)) || column[j] <= column[i];
            let path = if back {
                // Round the back of both boxes, below them.
                let low = fy.max(ty) + NODE_H;
                format!(
                    "M {} {} C {} {}, {} {}, {} {}",
                    pos[i].0 + NODE_W / 2,
                    pos[i].1 + NODE_H,
                    pos[i].0 + NODE_W / 2,
                    low,
                    pos[j].0 + NODE_W / 2,
                    low,
                    pos[j].0 + NODE_W / 2,
                    pos[j].1 + NODE_H
                )
            } else {
                let mid = (fx + tx) / 2;
                format!("M {fx} {fy} C {mid} {fy}, {mid} {ty}, {tx} {ty}")
            };
            Edge {
                path,
                conditional,
                back,
            }
        })
        .collect();
    let width = MARGIN * 2 + (last as i32 + 1) * (NODE_W + GAP_X) - GAP_X;
    let height =
        MARGIN * 2 + rows_in.values().copied().max().unwrap_or(1) * (NODE_H + GAP_Y) + NODE_H;
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
    use crate::training::tests_support::tiny;
    use crate::training::validate::validate;

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
}
