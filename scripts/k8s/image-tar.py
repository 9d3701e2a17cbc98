#!/usr/bin/env python3
"""Packs a directory as a one-layer image tarball in `docker save` layout, for `ctr image import`.

usage: image-tar.py OUT.tar REPO:TAG ROOTDIR ENTRYPOINT...
"""
import hashlib
import io
import json
import os
import sys
import tarfile


def layer_of(root):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                tar.add(path, arcname=os.path.relpath(path, root))
    return buf.getvalue()


def main(argv):
    if len(argv) < 5:
        sys.exit(__doc__.strip())
    out, tag, root, entrypoint = argv[1], argv[2], argv[3], argv[4:]
    layer = layer_of(root)
    layer_id = hashlib.sha256(layer).hexdigest()
    config = json.dumps({
        "architecture": "amd64", "os": "linux",
        "config": {"Entrypoint": entrypoint},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + layer_id]},
    }).encode()
    config_id = hashlib.sha256(config).hexdigest()
    manifest = json.dumps([{"Config": config_id + ".json", "RepoTags": [tag],
                            "Layers": [layer_id + "/layer.tar"]}]).encode()
    with tarfile.open(out, "w") as tar:
        for name, data in [(layer_id + "/layer.tar", layer), (config_id + ".json", config),
                           ("manifest.json", manifest)]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    print(out, tag, "layer", layer_id[:12])


if __name__ == "__main__":
    main(sys.argv)
