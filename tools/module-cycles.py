#!/usr/bin/env python3
"""Fails when modules that sit side by side depend on each other in a cycle.

A cycle hides the data flow: neither module can be read, tested or moved
without the other. For each checked scope (a crate's top-level modules, or
the submodules of one module) this reads every `crate::`, `super::` and
`self::` path and every `use` of a child module, resolves it to a module,
and looks for cycles among the scope's children. Test code (`mod tests`,
`tests.rs`) and comments are left out: tests may reach anywhere. Items
defined in a scope's root file itself (the crate's `Error`, which names
every module's error) sit above the scope's modules, so they are no node.

    tools/module-cycles.py            # the project's scopes
    tools/module-cycles.py --graph    # also print every edge

Exit status 1 and a report of each cycle, with where its edges come from.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (crate source directory, module path of the scope inside that crate)
SCOPES = [
    ("core/src", ()),
    ("core/src", ("scan",)),
    ("core/src", ("enroll",)),
    ("cli/src", ()),
]

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
PATH = re.compile(rf"\b(crate|super|self)((?:::{IDENT})+)")
USE = re.compile(r"\buse\s+([^;]+);", re.S)
MOD = re.compile(rf"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+({IDENT})\s*;", re.M)


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    # Strings are rare in paths; drop `//` comments but keep "http://" alike.
    return re.sub(r"(?m)(^|[^:\"])//.*$", r"\1", text)


def strip_test_modules(text):
    """Removes `#[cfg(test)] mod name { ... }` blocks (by brace matching)."""
    out = []
    pos = 0
    pattern = re.compile(rf"#\[cfg\(test\)\]\s*(?:pub\s+)?mod\s+{IDENT}\s*\{{")
    while True:
        match = pattern.search(text, pos)
        if not match:
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos : match.start()])
        depth = 1
        index = match.end()
        while index < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            index += 1
        pos = index


def test_module_files(text):
    """`#[cfg(test)] mod name;` declarations: files that hold only tests."""
    return set(re.findall(rf"#\[cfg\(test\)\]\s*mod\s+({IDENT})\s*;", text))


def expand_use(tree):
    """`a::{b, c::{d, e}}` -> [[a, b], [a, c, d], [a, c, e]]."""
    tree = re.sub(r"\s+", "", tree)
    tree = re.sub(rf"\bas{IDENT}", "", tree)  # `x as y` after whitespace removal

    def parse(text, prefix):
        paths = []
        depth = 0
        start = 0
        parts = []
        for index, char in enumerate(text):
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == "," and depth == 0:
                parts.append(text[start:index])
                start = index + 1
        parts.append(text[start:])
        for part in parts:
            if not part:
                continue
            brace = part.find("{")
            if brace >= 0:
                head = [s for s in part[:brace].split("::") if s]
                paths += parse(part[brace + 1 : part.rindex("}")], prefix + head)
            else:
                paths.append(prefix + [s for s in part.split("::") if s])
        return paths

    return parse(tree, [])


def module_files(src):
    """Every source file of the crate rooted at `src`, with its module path."""
    files = {}
    skipped = set()
    for path in sorted(src.rglob("*.rs")):
        rel = path.relative_to(src)
        if rel.parts[0] == "bin":
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] in ("mod", "lib", "main"):
            parts = parts[:-1]
        text = path.read_text()
        for name in test_module_files(text):
            skipped.add(tuple(parts + [name]))
        files[tuple(parts)] = (path, text)
    return {m: f for m, f in files.items() if m not in skipped and m[-1:] != ("tests",)}


def references(module, is_dir_module, text):
    """(absolute module path, line number) of each path the file names."""
    text = strip_test_modules(strip_comments(text))
    children = set(MOD.findall(text))
    # `super` of a file `a/b.rs` (module a::b) is `a`; so is that of `a/b/mod.rs`.
    for match in PATH.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        yield resolve(module, match.group(1), match.group(2).split("::")[1:]), line
    for match in USE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        for path in expand_use(match.group(1)):
            if path and path[0] in children:
                yield tuple(module) + tuple(path), line
            elif path and path[0] in ("crate", "super", "self"):
                yield resolve(module, path[0], path[1:]), line


def resolve(module, anchor, rest):
    base = list(module)
    if anchor == "crate":
        base = []
    elif anchor == "super":
        base = base[:-1]
        while rest and rest[0] == "super":
            base = base[:-1]
            rest = rest[1:]
    return tuple(base) + tuple(s for s in rest if s != "self")


def reexports(text):
    """`pub use child::{A, B};` in a scope's root: name -> child."""
    names = {}
    for match in re.finditer(r"\bpub(?:\([^)]*\))?\s+use\s+([^;]+);", strip_comments(text)):
        for path in expand_use(match.group(1)):
            if len(path) >= 2 and path[0] not in ("crate", "super", "self"):
                names[path[-1]] = path[0]
    return names


def check(src_dir, scope, show_graph):
    src = ROOT / src_dir
    files = module_files(src)
    depth = len(scope)
    root_text = files.get(tuple(scope), (None, ""))[1]
    aliases = reexports(root_text)
    edges = {}
    for module, (path, text) in files.items():
        if len(module) <= depth or module[:depth] != tuple(scope):
            continue
        source = module[depth]
        for target, line in references(module, True, text):
            if len(target) < depth or target[:depth] != tuple(scope):
                continue
            if len(target) == depth:
                continue
            node = target[depth]
            node = aliases.get(node, node)
            if node == source or (tuple(scope) + (node,)) not in files:
                continue
            where = f"{path.relative_to(ROOT)}:{line}"
            places = edges.setdefault((source, node), [])
            if where not in places:
                places.append(where)
    graph = {}
    for (a, b) in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    name = src_dir + (f"/{'/'.join(scope)}" if scope else "")
    if show_graph:
        for (a, b), where in sorted(edges.items()):
            print(f"{name}: {a} -> {b}  ({where[0]})")
    cycles = [c for c in strongly_connected(graph) if len(c) > 1]
    for cycle in cycles:
        members = sorted(cycle)
        print(f"cycle in {name}: {', '.join(members)}")
        for (a, b), where in sorted(edges.items()):
            if a in cycle and b in cycle:
                print(f"  {a} -> {b}: {', '.join(where[:3])}")
    return not cycles


def strongly_connected(graph):
    index = {}
    low = {}
    stack = []
    on_stack = set()
    components = []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def self_test():
    """The checker must see a cycle through `use`, `super::` and a plain path."""
    import contextlib
    import io
    import tempfile

    global ROOT
    saved = ROOT
    with tempfile.TemporaryDirectory() as tmp:
        ROOT = Path(tmp)
        src = ROOT / "src"
        (src / "m").mkdir(parents=True)
        (src / "lib.rs").write_text("mod a;\nmod b;\nmod m;\npub use a::A;\n")
        (src / "a.rs").write_text("use crate::b::{self, B};\npub struct A;\n")
        (src / "b.rs").write_text("pub struct B(crate::A);\n")
        (src / "m" / "mod.rs").write_text("mod x;\nmod y;\n")
        (src / "m" / "x.rs").write_text("use super::y::Y;\npub struct X;\n")
        (src / "m" / "y.rs").write_text(
            "pub struct Y;\n#[cfg(test)]\nmod tests {\n    use super::super::x::X;\n}\n"
        )
        with contextlib.redirect_stdout(io.StringIO()):
            found_top = not check("src", (), False)
            found_sub = not check("src", ("m",), False)
    ROOT = saved
    if not found_top or found_sub:
        print("module-cycles: self-test failed", file=sys.stderr)
        return False
    print("module-cycles: self-test found the planted cycle (and none in test code)")
    return True


def main():
    show_graph = "--graph" in sys.argv[1:]
    if not self_test():
        return 1
    ok = all([check(src, scope, show_graph) for src, scope in SCOPES])
    if ok:
        print(f"module-cycles: no cycles in {len(SCOPES)} scopes")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
