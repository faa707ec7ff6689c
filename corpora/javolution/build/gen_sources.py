#!/usr/bin/env python3
"""Generates Javolution 5.4.x's J2SE 1.5 sources from its templates, as the project's build.xml
does with its targets _init_1.5, _make_classes_parameterized and _setVersion (what `ant 1.5`
runs before compiling), without Ant.

    python3 gen_sources.py SRC_ROOT OUT_DIR TODAY

SRC_ROOT is a checkout of Javolution (holding build.xml and src/main/java/_templates), OUT_DIR
the directory to write (replaced), TODAY the date that _setVersion puts into
javolution.Javolution.VERSION (Ant's ${TODAY}, e.g. "December 27 2009").
"""
import fnmatch
import os
import shutil
import sys
import xml.etree.ElementTree as ET


def walk(d, includes):
    """Files under d whose name matches the last part of an Ant `includes` pattern."""
    pattern = includes.split("/")[-1]
    for root, _, names in os.walk(d):
        for n in sorted(names):
            if fnmatch.fnmatch(n, pattern):
                yield os.path.join(root, n)


def replace(d, includes, token, value):
    """Ant <replace>: every occurrence of token, in every matching file."""
    for p in walk(d, includes):
        with open(p, "rb") as f:
            b = f.read()
        nb = b.replace(token.encode(), value.encode())
        if nb != b:
            with open(p, "wb") as f:
                f.write(nb)


def main():
    src_root, out, today = sys.argv[1], sys.argv[2], sys.argv[3]
    build = ET.parse(os.path.join(src_root, "build.xml")).getroot()
    props = {p.get("name"): p.get("value") for p in build.iter("property") if p.get("value")}
    targets = {t.get("name"): t for t in build.iter("target")}

    def resolve(s):
        return s.replace("${javaGenerated}", out)

    # _init_1.5: copy the templates with the filters @JVM-1.4+@ and @JVM-1.5+@ set to "*/"
    # (which opens the code commented out for older VMs), delete java/ (the stand-ins for
    # JDK classes), and drop the "_templates." package prefix.
    init = targets["_init_1.5"]
    filters = {f.get("token"): f.get("value") for f in init.iter("filter")}
    if filters != {"JVM-1.4+": "*/", "JVM-1.5+": "*/"}:
        raise SystemExit("unexpected _init_1.5 filters: %r" % filters)
    if os.path.exists(out):
        shutil.rmtree(out)
    shutil.copytree(os.path.join(src_root, "src/main/java/_templates"), out)
    for p in walk(out, "*"):
        with open(p, "rb") as f:
            b = f.read()
        for k, v in filters.items():
            b = b.replace(("@" + k + "@").encode(), v.encode())
        with open(p, "wb") as f:
            f.write(b)
    shutil.rmtree(os.path.join(out, "java"))
    replace(out, "**/*.java", "_templates.", "")

    # _make_classes_parameterized: its <replace> and <delete> steps, in build.xml's order.
    for el in targets["_make_classes_parameterized"]:
        if el.tag == "replace":
            d = resolve(el.get("dir") or os.path.dirname(el.get("file")))
            inc = el.get("includes") or os.path.basename(el.get("file"))
            if el.get("token") is not None:
                tok, val = el.get("token"), el.get("value") or ""
            else:
                tok, val = el.find("replacetoken").text, el.find("replacevalue").text or ""
            replace(d, inc, tok, val)
        elif el.tag == "delete":
            p = resolve(el.get("file"))
            if os.path.exists(p):
                os.remove(p)
        else:
            raise SystemExit("unhandled build.xml step: " + el.tag)

    # _setVersion: "${version}.${release} (${vm}) ${TODAY}"
    version = "%s.%s (J2SE 1.5+) %s" % (props["version"], props["release"], today)
    replace(os.path.join(out, "javolution"), "Javolution.java", "@VERSION@", version)


if __name__ == "__main__":
    main()
