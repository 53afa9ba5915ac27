//! Confidentiality: which groups' figures may be shown, so that no figure about fewer than k people
//! is visible, directly or by subtracting shown groups from their parent.
//!
//! Groups form a tree (company, regions, sites, departments); a group's people include everyone in
//! its children plus people attached to it directly (a site's people with no department). A shown
//! figure is an aggregate over its group's people, and the counts behind shown figures are shown
//! too, so sums over shown groups can be added and subtracted.
//!
//! Why the rule below is enough: call the *block* of a shown group its people minus the people of
//! its nearest shown descendants. Every shown group is the sum of the blocks under it, and blocks
//! do not overlap, so what subtraction can reveal is exactly unions of blocks. Primary suppression
//! hides groups under k; complementary suppression then hides more until every block is empty or
//! has at least k people. A union of such blocks never has between 1 and k-1 people.
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The smallest group any survey or training figure is shown for: default 5, never below 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Threshold(u32);

impl Threshold {
    pub const MIN: u32 = 3;
    pub const MAX: u32 = 100;
    pub const DEFAULT: Threshold = Threshold(5);
    /// The default for free-text comments, which say more about their writer than a rating.
    pub const DEFAULT_COMMENTS: Threshold = Threshold(10);

    pub fn get(self) -> u32 {
        self.0
    }

    /// Reads a threshold typed by an admin.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let Ok(k) = raw.parse::<i64>() else {
            return Err(format!(
                "“{raw}” is not a whole number; enter one from {} to {}.",
                Self::MIN,
                Self::MAX
            ));
        };
        if k < i64::from(Self::MIN) {
            return Err(format!(
                "{k} is below the minimum of {}: in smaller groups, people can be recognised from their answers.",
                Self::MIN
            ));
        }
        if k > i64::from(Self::MAX) {
            return Err(format!("{k} is above the maximum of {}.", Self::MAX));
        }
        Threshold::try_from(k as u32).map_err(|_| {
            format!(
                "The threshold must be a whole number from {} to {}.",
                Self::MIN,
                Self::MAX
            )
        })
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u32> for Threshold {
    type Error = String;
    fn try_from(k: u32) -> Result<Self, String> {
        if (Self::MIN..=Self::MAX).contains(&k) {
            Ok(Threshold(k))
        } else {
            Err(format!(
                "A threshold of {k} is outside {}..={}",
                Self::MIN,
                Self::MAX
            ))
        }
    }
}

impl From<Threshold> for u32 {
    fn from(t: Threshold) -> u32 {
        t.0
    }
}

impl std::fmt::Display for Threshold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// One group of the tree: its parent (none for the top) and how many people its figure covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group<K> {
    pub id: K,
    pub parent: Option<K>,
    pub n: u32,
}

/// Why a group's figure is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hidden {
    /// Fewer than k people.
    TooFew,
    /// Enough people, but showing it would let a smaller group be worked out by subtraction.
    Protects,
}

/// The decision for every group: `None` shows it, `Some(reason)` hides it. Groups whose parent
/// is not in the list are treated as tops. A group with no people is hidden as `TooFew`.
pub fn suppress<K: Ord + Copy>(groups: &[Group<K>], k: Threshold) -> BTreeMap<K, Option<Hidden>> {
    let k = k.get();
    let known: BTreeSet<K> = groups.iter().map(|g| g.id).collect();
    let n: BTreeMap<K, u32> = groups.iter().map(|g| (g.id, g.n)).collect();
    let parent: BTreeMap<K, Option<K>> = groups
        .iter()
        .map(|g| (g.id, g.parent.filter(|p| known.contains(p) && *p != g.id)))
        .collect();
    let mut children: BTreeMap<K, Vec<K>> = BTreeMap::new();
    for g in groups {
        if let Some(Some(p)) = parent.get(&g.id) {
            children.entry(*p).or_default().push(g.id);
        }
    }
    let mut decision: BTreeMap<K, Option<Hidden>> = groups
        .iter()
        .map(|g| (g.id, (g.n < k).then_some(Hidden::TooFew)))
        .collect();
    let shown = |d: &BTreeMap<K, Option<Hidden>>, id: &K| d.get(id).is_some_and(|h| h.is_none());

    // Each round fixes one block that is too small; blocks only merge, so this ends.
    loop {
        let mut changed = false;
        let ids: Vec<K> = decision
            .iter()
            .filter(|(_, h)| h.is_none())
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            if !shown(&decision, &id) {
                continue;
            }
            let nearest = nearest_shown(&id, &children, &decision);
            let covered: u32 = nearest.iter().map(|c| n[c]).sum();
            let block = n[&id].saturating_sub(covered);
            if block == 0 || block >= k {
                continue;
            }
            // Hide the nearest shown descendant whose own block is smallest but not empty: its
            // people join this block. If none would help, hide this group, whose block then joins
            // its nearest shown ancestor's; but a top group (the whole organisation, the baseline
            // every comparison uses) is kept by hiding its smallest nearest descendant instead,
            // whose own shown descendants become candidates in the next round.
            let sized: Vec<(u32, u32, K)> = nearest
                .iter()
                .map(|c| {
                    let under: u32 = nearest_shown(c, &children, &decision)
                        .iter()
                        .map(|g| n[g])
                        .sum();
                    (n[c].saturating_sub(under), n[c], *c)
                })
                .collect();
            let candidate = sized.iter().filter(|(own, _, _)| *own > 0).min();
            let is_top = parent.get(&id).copied().flatten().is_none();
            let victim = match candidate {
                Some((_, _, c)) => *c,
                None if is_top => sized
                    .iter()
                    .map(|(_, total, c)| (*total, *c))
                    .min()
                    .map_or(id, |(_, c)| c),
                None => id,
            };
            decision.insert(victim, Some(Hidden::Protects));
            changed = true;
        }
        if !changed {
            return decision;
        }
    }
}

/// A group that cuts across the tree: a unit narrowed by a filter (role group, tenure band), as
/// the cells it covers. `rank` orders what is given up first when something must be hidden
/// (lower first: the narrowest filters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlay<K> {
    pub id: K,
    pub cells: Vec<usize>,
    pub rank: u32,
}

/// Decides overlays on top of groups already decided as a tree (`tree`: the cells of each
/// shown tree group, which `suppress` has made safe by themselves). `cells` holds each cell's
/// people. The figures shown can be added and subtracted in any combination, so what they can
/// reveal is any union of the *atoms* of the shown groups: the sets of cells that lie in exactly
/// the same shown groups. An overlay is shown only while every atom holds 0 or at least k
/// people; while one does not, the overlay of lowest rank (then fewest people) that touches it
/// is hidden. With no overlays left the tree alone is safe, so this ends safe.
pub fn suppress_overlays<K: Ord + Copy>(
    cells: &[u32],
    tree: &[Vec<usize>],
    overlays: &[Overlay<K>],
    k: Threshold,
) -> BTreeMap<K, Option<Hidden>> {
    let k = k.get();
    let words = |bits: usize| bits.div_ceil(64).max(1);
    let set = |v: &mut [u64], i: usize| v[i / 64] |= 1 << (i % 64);
    let has = |v: &[u64], i: usize| v[i / 64] & (1 << (i % 64)) != 0;
    // Groups: the tree's first, then the overlays; each as a bit set over cells, and each cell
    // as a bit set over groups.
    let all: Vec<&[usize]> = tree
        .iter()
        .map(Vec::as_slice)
        .chain(overlays.iter().map(|o| o.cells.as_slice()))
        .collect();
    let mut cells_of = vec![vec![0u64; words(cells.len())]; all.len()];
    let mut groups_of = vec![vec![0u64; words(all.len())]; cells.len()];
    let mut sizes = vec![0u32; all.len()];
    for (g, cs) in all.iter().enumerate() {
        for &c in cs.iter().filter(|c| **c < cells.len()) {
            if !has(&cells_of[g], c) {
                set(&mut cells_of[g], c);
                set(&mut groups_of[c], g);
                sizes[g] += cells[c];
            }
        }
    }
    let first = tree.len();
    let mut decision: BTreeMap<K, Option<Hidden>> = overlays
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id, (sizes[first + i] < k).then_some(Hidden::TooFew)))
        .collect();
    loop {
        let mut shown = vec![0u64; words(all.len())];
        for g in 0..all.len() {
            if g < first || decision[&overlays[g - first].id].is_none() {
                set(&mut shown, g);
            }
        }
        let mut atoms: BTreeMap<Vec<u64>, (u32, usize)> = BTreeMap::new();
        for (c, n) in cells.iter().enumerate() {
            let signature: Vec<u64> = groups_of[c]
                .iter()
                .zip(&shown)
                .map(|(a, b)| a & b)
                .collect();
            if signature.iter().any(|w| *w != 0) {
                let atom = atoms.entry(signature).or_insert((0, c));
                atom.0 += n;
            }
        }
        // Each atom under k gives up one overlay: the one of lowest rank, then fewest people,
        // among those that hold the atom or cut it off from the smallest shown group around it.
        let mut victims = BTreeSet::new();
        for (signature, (n, cell)) in &atoms {
            if *n == 0 || *n >= k {
                continue;
            }
            let around = (0..all.len())
                .filter(|g| has(signature, *g))
                .min_by_key(|g| sizes[*g]);
            let touches = |g: usize| {
                has(&cells_of[g], *cell)
                    || around.is_some_and(|a| {
                        cells_of[g]
                            .iter()
                            .zip(&cells_of[a])
                            .any(|(x, y)| x & y != 0)
                    })
            };
            let candidates = || (first..all.len()).filter(|g| has(&shown, *g));
            let by = |g: &usize| {
                (
                    overlays[*g - first].rank,
                    sizes[*g],
                    overlays[*g - first].id,
                )
            };
            if let Some(g) = candidates()
                .filter(|g| touches(*g))
                .min_by_key(by)
                .or_else(|| candidates().min_by_key(by))
            {
                victims.insert(g);
            }
        }
        if victims.is_empty() {
            // Every atom is empty or holds k, or only the tree, safe by itself, is left.
            return decision;
        }
        for g in victims {
            decision.insert(overlays[g - first].id, Some(Hidden::Protects));
        }
    }
}

/// The shown groups under `id` with no shown group between them and `id`.
fn nearest_shown<K: Ord + Copy>(
    id: &K,
    children: &BTreeMap<K, Vec<K>>,
    decision: &BTreeMap<K, Option<Hidden>>,
) -> Vec<K> {
    let mut out = Vec::new();
    let mut stack: Vec<K> = children.get(id).cloned().unwrap_or_default();
    while let Some(c) = stack.pop() {
        if decision.get(&c).is_some_and(|h| h.is_none()) {
            out.push(c);
        } else if let Some(grand) = children.get(&c) {
            stack.extend(grand.iter().copied());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn g(id: u32, parent: Option<u32>, n: u32) -> Group<u32> {
        Group { id, parent, n }
    }

    fn k(v: u32) -> Threshold {
        Threshold::try_from(v).unwrap_or_default()
    }

    #[test]
    fn thresholds_below_three_are_refused() {
        assert!(Threshold::parse("2").is_err());
        assert!(Threshold::parse("lots").is_err());
        assert_eq!(Threshold::parse(" 7 "), Ok(k(7)));
        assert_eq!(Threshold::default().get(), 5);
    }

    #[test]
    fn a_small_department_beside_its_site_hides_a_sibling_too() {
        // Site of 12 = front desk 8 + restaurant 4. Showing site and front desk would give away
        // the restaurant's 4 people, so the front desk is hidden as well.
        let d = suppress(&[g(1, None, 12), g(2, Some(1), 8), g(3, Some(1), 4)], k(5));
        assert_eq!(d[&1], None);
        assert_eq!(d[&2], Some(Hidden::Protects));
        assert_eq!(d[&3], Some(Hidden::TooFew));
    }

    #[test]
    fn people_without_a_department_count_as_a_hidden_part() {
        // Site of 10 with one department of 7: the 3 people attached to the site alone would be
        // site minus department.
        let d = suppress(&[g(1, None, 10), g(2, Some(1), 7)], k(5));
        assert_eq!(d[&1], None);
        assert_eq!(d[&2], Some(Hidden::Protects));
    }

    #[test]
    fn the_smallest_sibling_is_hidden_and_the_rest_stay() {
        let d = suppress(
            &[
                g(1, None, 30),
                g(2, Some(1), 3),
                g(3, Some(1), 6),
                g(4, Some(1), 9),
                g(5, Some(1), 12),
            ],
            k(5),
        );
        assert_eq!(d[&2], Some(Hidden::TooFew));
        assert_eq!(d[&3], Some(Hidden::Protects));
        assert_eq!(d[&4], None);
        assert_eq!(d[&5], None);
        assert_eq!(d[&1], None);
    }

    #[test]
    fn a_child_is_hidden_rather_than_its_parent() {
        // Region 9 = one site of 6 + 3 people directly: the site goes, the region stays.
        let d = suppress(&[g(1, None, 9), g(2, Some(1), 6)], k(5));
        assert_eq!(d[&2], Some(Hidden::Protects));
        assert_eq!(d[&1], None);
        // A company of 7 whose only department of 4 is hidden: nothing to subtract from.
        let d = suppress(&[g(1, None, 7), g(2, Some(1), 4)], k(5));
        assert_eq!(d[&1], None);
        assert_eq!(d[&2], Some(Hidden::TooFew));
    }

    #[test]
    fn a_parent_with_nothing_else_to_hide_is_hidden_itself() {
        // Company 20 over region 9 over site 6, which is entirely its one department of 6:
        // hiding the site would not help (the department shows the same people), so the region
        // is hidden and its 3 people join the company's block.
        let d = suppress(
            &[
                g(0, None, 20),
                g(1, Some(0), 9),
                g(2, Some(1), 6),
                g(3, Some(2), 6),
                g(4, Some(0), 11),
            ],
            k(5),
        );
        assert_eq!(d[&1], Some(Hidden::Protects));
        assert_eq!(d[&2], None);
        assert_eq!(d[&3], None);
        assert_eq!(d[&0], None);
    }

    #[test]
    fn the_top_is_kept_by_hiding_deeper() {
        // The whole organisation (22) = two regions of 10 and 2 people at no site. Each region's
        // sites are all shown, so hiding a region alone would not help: a region and one of its
        // sites go, and the top stays.
        let d = suppress(
            &[
                g(0, None, 22),
                g(1, Some(0), 10),
                g(2, Some(0), 10),
                g(11, Some(1), 5),
                g(12, Some(1), 5),
                g(21, Some(2), 5),
                g(22, Some(2), 5),
            ],
            k(5),
        );
        assert_eq!(d[&0], None);
        assert_eq!(d.values().filter(|h| h.is_some()).count(), 2);
    }

    /// Whether some set of people between 1 and k-1 strong can be worked out from the shown
    /// figures: tests every union of atoms (the people of a group not in any of its child groups)
    /// against the span of the shown groups, by exact elimination over the rationals (integers
    /// here, with fraction-free steps).
    fn disclosed(groups: &[Group<u32>], d: &BTreeMap<u32, Option<Hidden>>, k: u32) -> bool {
        let ids: Vec<u32> = groups.iter().map(|g| g.id).collect();
        let parent: BTreeMap<u32, Option<u32>> = groups.iter().map(|g| (g.id, g.parent)).collect();
        // Atom of a group: its own people.
        let child_sum = |id: u32| -> u32 {
            groups
                .iter()
                .filter(|c| c.parent == Some(id))
                .map(|c| c.n)
                .sum()
        };
        let atoms: Vec<(u32, u32)> = ids
            .iter()
            .map(|&id| {
                let own = groups.iter().find(|g| g.id == id).map_or(0, |g| g.n) - child_sum(id);
                (id, own)
            })
            .collect();
        let under = |atom: u32, group: u32| -> bool {
            let mut cur = Some(atom);
            while let Some(c) = cur {
                if c == group {
                    return true;
                }
                cur = parent.get(&c).copied().flatten();
            }
            false
        };
        let rows: Vec<Vec<i64>> = ids
            .iter()
            .filter(|id| d[id].is_none())
            .map(|&gid| {
                atoms
                    .iter()
                    .map(|(a, _)| i64::from(under(*a, gid)))
                    .collect()
            })
            .collect();
        let rank = |m: &[Vec<i64>]| -> usize {
            let mut m: Vec<Vec<i64>> = m.to_vec();
            let cols = atoms.len();
            let mut r = 0;
            for c in 0..cols {
                let Some(p) = (r..m.len()).find(|&i| m[i][c] != 0) else {
                    continue;
                };
                m.swap(r, p);
                let pivot = m[r].clone();
                for (i, row) in m.iter_mut().enumerate() {
                    if i != r && row[c] != 0 {
                        let (a, b) = (pivot[c], row[c]);
                        for (x, p) in row.iter_mut().zip(&pivot) {
                            *x = *x * a - p * b;
                        }
                        // Keep the integers small: divide the row by the gcd of its entries.
                        let g = row.iter().fold(0i64, |g, &x| gcd(g, x.abs()));
                        if g > 1 {
                            row.iter_mut().for_each(|x| *x /= g);
                        }
                    }
                }
                r += 1;
            }
            r
        };
        let base = rank(&rows);
        let live: Vec<usize> = (0..atoms.len()).filter(|&i| atoms[i].1 > 0).collect();
        for mask in 1u32..(1 << live.len()) {
            let size: u32 = live
                .iter()
                .enumerate()
                .filter(|(b, _)| mask & (1 << b) != 0)
                .map(|(_, &i)| atoms[i].1)
                .sum();
            if size == 0 || size >= k {
                continue;
            }
            let mut v = vec![0i64; atoms.len()];
            for (b, &i) in live.iter().enumerate() {
                if mask & (1 << b) != 0 {
                    v[i] = 1;
                }
            }
            let mut with = rows.clone();
            with.push(v);
            if rank(&with) == base {
                return true;
            }
        }
        false
    }

    fn gcd(a: i64, b: i64) -> i64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }

    /// Random trees of up to 9 groups, each with a random number of its own people.
    fn tree() -> impl Strategy<Value = Vec<Group<u32>>> {
        (1usize..=9)
            .prop_flat_map(|len| {
                (
                    proptest::collection::vec(0usize..100, len),
                    proptest::collection::vec(0u32..14, len),
                )
            })
            .prop_map(|(parents, own)| {
                let len = own.len();
                // Group i's parent is an earlier group (or none), so it is a tree.
                let parent: Vec<Option<u32>> = (0..len)
                    .map(|i| (i > 0 && parents[i] % 4 != 0).then(|| (parents[i] % i) as u32))
                    .collect();
                let mut n = own.clone();
                for i in (0..len).rev() {
                    if let Some(p) = parent[i] {
                        n[p as usize] += n[i];
                    }
                }
                (0..len)
                    .map(|i| Group {
                        id: i as u32,
                        parent: parent[i],
                        n: n[i],
                    })
                    .collect()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn nothing_under_k_is_shown_or_derivable(groups in tree(), kv in 3u32..7) {
            let d = suppress(&groups, k(kv));
            for g in &groups {
                if d[&g.id].is_none() {
                    prop_assert!(g.n >= kv, "group {} of {} shown", g.id, g.n);
                }
            }
            prop_assert!(!disclosed(&groups, &d, kv), "{groups:?} {d:?}");
        }

        #[test]
        fn overlays_leave_no_atom_under_k(
            cells in proptest::collection::vec(0u32..7, 4..18),
            sites in proptest::collection::vec(0usize..4, 18),
            masks in proptest::collection::vec((any::<u32>(), 0u32..3), 0..12),
            kv in 3u32..7,
        ) {
            let k = Threshold::try_from(kv).unwrap_or_default();
            // The tree: the whole organisation (group 0) over four sites; each cell in one site.
            let site = |c: usize| sites[c % sites.len()] as u32 + 1;
            let mut tree_groups = vec![Group { id: 0u32, parent: None, n: cells.iter().sum() }];
            for s in 1..=4u32 {
                let n = (0..cells.len()).filter(|c| site(*c) == s).map(|c| cells[c]).sum();
                tree_groups.push(Group { id: s, parent: Some(0), n });
            }
            let tree_decision = suppress(&tree_groups, k);
            let tree: Vec<Vec<usize>> = tree_groups
                .iter()
                .filter(|g| tree_decision[&g.id].is_none())
                .map(|g| (0..cells.len()).filter(|c| g.id == 0 || site(*c) == g.id).collect())
                .collect();
            let overlays: Vec<Overlay<usize>> = masks
                .iter()
                .enumerate()
                .map(|(i, (mask, rank))| Overlay {
                    id: i,
                    cells: (0..cells.len()).filter(|c| mask & (1 << c) != 0).collect(),
                    rank: *rank,
                })
                .collect();
            let decision = suppress_overlays(&cells, &tree, &overlays, k);
            let mut shown: Vec<BTreeSet<usize>> = tree.iter().map(|t| t.iter().copied().collect()).collect();
            for o in &overlays {
                let n: u32 = o.cells.iter().map(|c| cells[*c]).sum();
                if decision[&o.id].is_none() {
                    prop_assert!(n >= kv);
                    shown.push(o.cells.iter().copied().collect());
                }
            }
            let mut atoms: BTreeMap<Vec<bool>, u32> = BTreeMap::new();
            for (c, n) in cells.iter().enumerate() {
                let sig: Vec<bool> = shown.iter().map(|g| g.contains(&c)).collect();
                if sig.iter().any(|b| *b) {
                    *atoms.entry(sig).or_default() += n;
                }
            }
            for n in atoms.values() {
                prop_assert!(*n == 0 || *n >= kv, "an atom of {n}");
            }
        }

        #[test]
        fn groups_of_k_with_nothing_to_protect_stay_shown(n in 5u32..60, kv in 3u32..6) {
            // One group alone, or a parent fully made of two large children.
            let d = suppress(&[g(1, None, n)], k(kv));
            prop_assert_eq!(d[&1], None);
            let d = suppress(&[g(1, None, 2 * n), g(2, Some(1), n), g(3, Some(1), n)], k(kv));
            prop_assert!(d.values().all(|h| h.is_none()));
        }
    }
}
