#!/usr/bin/env python3
"""Prints the shortest chain of strong (and soft) references from a GC root to the class loader
that loaded a class, in an HPROF heap dump: why a web application's class loader was not
collected. Weak and phantom references are not followed.
Usage: hprof_path.py DUMP.hprof fully.qualified.ClassName [--instances]
(--instances: the path to an instance of the class instead of to its loader)
"""
import struct, sys, collections
path, target_class = sys.argv[1], sys.argv[2]
instances_of = len(sys.argv) > 3 and sys.argv[3] == '--instances'
data = open(path, 'rb').read()
p = data.index(b'\0') + 1
idsize = struct.unpack_from('>I', data, p)[0]; p += 12
rid = (lambda b, o: struct.unpack_from('>Q', b, o)[0]) if idsize == 8 else (lambda b, o: struct.unpack_from('>I', b, o)[0])
sizes = {2: idsize, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
strings = {}; class_names = {}
classes = {}  # id -> (super, loader, [(name, type)] inst fields, static refs[(name,id)])
instances = {}  # id -> (class, offset, len)
arrays = {}  # id -> (offset, n)
roots = []
def heap(p, end):
    while p < end:
        t = data[p]; p += 1
        if t == 0xFF: roots.append((rid(data, p), 'unknown')); p += idsize
        elif t == 0x01: roots.append((rid(data, p), 'jni-global')); p += 2 * idsize
        elif t == 0x02: roots.append((rid(data, p), 'jni-local')); p += idsize + 8
        elif t == 0x03: roots.append((rid(data, p), 'java-frame')); p += idsize + 8
        elif t == 0x04: roots.append((rid(data, p), 'native-stack')); p += idsize + 4
        elif t == 0x05: roots.append((rid(data, p), 'sticky-class')); p += idsize
        elif t == 0x06: roots.append((rid(data, p), 'thread-block')); p += idsize + 4
        elif t == 0x07: roots.append((rid(data, p), 'monitor')); p += idsize
        elif t == 0x08: roots.append((rid(data, p), 'thread-object')); p += idsize + 8
        elif t == 0x20:
            cid = rid(data, p); p += idsize + 4
            sup = rid(data, p); p += idsize
            loader = rid(data, p); p += idsize * 5
            p += 4
            n = struct.unpack_from('>H', data, p)[0]; p += 2
            for _ in range(n):
                p += 2; ty = data[p]; p += 1 + sizes[ty]
            n = struct.unpack_from('>H', data, p)[0]; p += 2
            statics = []
            for _ in range(n):
                name = rid(data, p); p += idsize; ty = data[p]; p += 1
                if ty == 2: statics.append((name, rid(data, p)))
                p += sizes[ty]
            n = struct.unpack_from('>H', data, p)[0]; p += 2
            fields = []
            for _ in range(n):
                name = rid(data, p); p += idsize; ty = data[p]; p += 1
                fields.append((name, ty))
            classes[cid] = (sup, loader, fields, statics)
        elif t == 0x21:
            oid = rid(data, p); p += idsize + 4
            cid = rid(data, p); p += idsize
            n = struct.unpack_from('>I', data, p)[0]; p += 4
            instances[oid] = (cid, p, n); p += n
        elif t == 0x22:
            oid = rid(data, p); p += idsize + 4
            n = struct.unpack_from('>I', data, p)[0]; p += 4
            p += idsize
            arrays[oid] = (p, n); p += n * idsize
        elif t == 0x23:
            p += idsize + 4
            n = struct.unpack_from('>I', data, p)[0]; p += 4
            ty = data[p]; p += 1 + n * sizes[ty]
        else:
            raise SystemExit('bad subtag %x at %d' % (t, p))
while p < len(data):
    tag = data[p]; length = struct.unpack_from('>I', data, p + 5)[0]; body = p + 9
    if tag == 0x01: strings[rid(data, body)] = data[body + idsize: body + length].decode('utf8', 'replace')
    elif tag == 0x02: class_names[rid(data, body + 4)] = rid(data, body + 8 + idsize)
    elif tag in (0x0C, 0x1C): heap(body, body + length)
    p = body + length
cname = lambda cid: strings.get(class_names.get(cid), '?')
layout_cache = {}
def layout(cid):
    if cid in layout_cache: return layout_cache[cid]
    out = []; c = cid
    while c and c in classes:
        out.extend(classes[c][2]); c = classes[c][0]
    layout_cache[cid] = out; return out
weak_cache = {}
def is_weak(cid):
    if cid not in weak_cache:
        c = cid; w = False
        while c and c in classes:
            if cname(c) in ('java/lang/ref/WeakReference', 'java/lang/ref/PhantomReference'): w = True; break
            c = classes[c][0]
        weak_cache[cid] = w
    return weak_cache[cid]
def refs(oid):
    if oid in instances:
        cid, off, n = instances[oid]
        yield cid, '<class>'
        for name, ty in layout(cid):
            if ty == 2:
                v = rid(data, off)
                nm = strings.get(name)
                if v and nm != 'discovered' and not (nm == 'referent' and is_weak(cid)): yield v, (nm if nm != 'referent' else 'referent of ' + cname(cid))
            off += sizes[ty]
    elif oid in arrays:
        off, n = arrays[oid]
        for i in range(n):
            v = rid(data, off + i * idsize)
            if v: yield v, '[%d]' % i
    elif oid in classes:
        sup, loader, _, statics = classes[oid]
        if loader: yield loader, '<loader>'
        for name, v in statics:
            if v: yield v, 'static ' + strings.get(name, '?')
def describe(oid):
    if oid in instances: return cname(instances[oid][0])
    if oid in classes: return 'class ' + cname(oid)
    if oid in arrays: return 'Object[]'
    return '?'
if instances_of:
    targets = {oid for oid, (cid, _, _) in instances.items() if cname(cid).replace('/', '.') == target_class}
else:
    targets = {classes[cid][1] for cid in classes if cname(cid).replace('/', '.') == target_class}
print('class loaders of', target_class, ':', len(targets), '; objects in the dump:', len(instances))
parent = {}
queue = collections.deque()
for r, kind in roots:
    if r not in parent:
        parent[r] = (None, kind); queue.append(r)
found = None
while queue:
    o = queue.popleft()
    if o in targets: found = o; break
    for v, via in refs(o):
        if v not in parent:
            parent[v] = (o, via); queue.append(v)
if not found: print('no path'); sys.exit()
chain = []; o = found
while o is not None:
    prev, via = parent[o]; chain.append((describe(o), via)); o = prev
for d, via in reversed(chain): print('  ', d, ' <-via', via)
