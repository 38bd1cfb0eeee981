"""Writes the PIL reference outputs that OpsPilTest compares against.

Run with a Python that has Pillow (Debian: apt-get install python3-pil python3-numpy):
    python3 tools/pil_fixtures.py > mpl-algorithm/src/test/resources/augment/pil-ops.txt
Each line: name, then the HWC uint8 image as hex. The first line is the input (w=12, h=10).
"""
import PIL
import numpy as np
from PIL import Image, ImageEnhance, ImageOps

rng = np.random.default_rng(7)
h, w = 10, 12
yy, xx = np.mgrid[0:h, 0:w]
base = np.stack([xx * 18 + 20, yy * 22 + 10, (xx + yy) * 9 + 60], axis=-1)
arr = np.clip(base + rng.integers(-25, 26, size=(h, w, 3)), 0, 255).astype(np.uint8)
img = Image.fromarray(arr, "RGB")
fill = (128, 128, 128)
B, N = Image.BICUBIC, Image.NEAREST

cases = [
    ("input", img),
    ("autocontrast", ImageOps.autocontrast(img)),
    ("equalize", ImageOps.equalize(img)),
    ("invert", ImageOps.invert(img)),
    ("posterize2", ImageOps.posterize(img, 2)),
    ("solarize153", ImageOps.solarize(img, 153)),
    ("color2.98", ImageEnhance.Color(img).enhance(2.98)),
    ("color0.4", ImageEnhance.Color(img).enhance(0.4)),
    ("contrast2.98", ImageEnhance.Contrast(img).enhance(2.98)),
    ("brightness2.98", ImageEnhance.Brightness(img).enhance(2.98)),
    ("sharpness2.98", ImageEnhance.Sharpness(img).enhance(2.98)),
    ("sharpness0.3", ImageEnhance.Sharpness(img).enhance(0.3)),
    ("rotate48bicubic", img.rotate(48, B, fillcolor=fill)),
    ("rotate-30nearest", img.rotate(-30, N, fillcolor=fill)),
    ("shearx0.48bicubic", img.transform(img.size, Image.AFFINE, (1, 0.48, 0, 0, 1, 0), B, fillcolor=fill)),
    ("sheary-0.3nearest", img.transform(img.size, Image.AFFINE, (1, 0, 0, -0.3, 1, 0), N, fillcolor=fill)),
    ("translatex6.4bicubic", img.transform(img.size, Image.AFFINE, (1, 0, 6.4, 0, 1, 0), B, fillcolor=fill)),
    ("translatey-3nearest", img.transform(img.size, Image.AFFINE, (1, 0, 0, 0, 1, -3), N, fillcolor=fill)),
]
print("# Pillow " + PIL.__version__)
for name, im in cases:
    print(name, np.asarray(im, dtype=np.uint8).tobytes().hex())
