// Vitest's reporters call Map.groupBy / Object.groupBy, which Node gained in version 21. Debian and
// Ubuntu machines may run Node 20, where a failing test would otherwise crash the reporter instead of
// being reported. Loaded by scripts/test.sh through NODE_OPTIONS.
function groupInto(items, keyOf, map) {
  let index = 0;
  for (const item of items) {
    const key = keyOf(item, index++);
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(item);
  }
  return map;
}
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = (items, keyOf) => groupInto(items, keyOf, new Map());
}
if (typeof Object.groupBy !== 'function') {
  Object.groupBy = (items, keyOf) => Object.fromEntries(groupInto(items, keyOf, new Map()));
}
