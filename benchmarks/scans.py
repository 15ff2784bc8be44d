"""Synthetic scans: known text drawn with a real font on a page image, saved as a PDF without
a text layer (what a scanner produces), optionally blurred and speckled like a poor scan."""

import random
from pathlib import Path
from typing import Any

FONTS = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),  # Debian fonts-dejavu-core
         Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"))
SCAN_DPI = 150  # the resolution of the real scans of ../shared/corpus/scans (1240 x 1753 px)


def font_path() -> Path | None:
    """A TrueType font installed on this machine, or None."""
    return next((path for path in FONTS if path.exists()), None)


def page_image(lines: list[str], size_pt: float = 11, blur: float = 0.0,
               speckle: float = 0.0, seed: int = 0) -> Any:
    """An A4 page at SCAN_DPI with ``lines`` drawn from the top left, one per line."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    path = font_path()
    if path is None:
        raise FileNotFoundError("aucune police TrueType (paquet Debian fonts-dejavu-core)")
    scale = SCAN_DPI / 72
    image = Image.new("L", (round(595 * scale), round(842 * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(path), round(size_pt * scale))
    y = 60 * scale
    for line in lines:
        draw.text((60 * scale, y), line, font=font, fill=0)
        y += size_pt * 1.5 * scale
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    if speckle:
        _speckle(image, speckle, seed)
    return image


def _speckle(image: Any, share: float, seed: int) -> None:
    """Flip a share of the pixels to black or white (dust and toner of a poor scan)."""
    rng = random.Random(seed)
    width, height = image.size
    pixels = image.load()
    for _ in range(int(width * height * share)):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 255))


def scan_pdf(path: Path, pages: list[list[str]], **degrade: Any) -> Path:
    """A PDF of image pages only (no text layer), one list of lines per page."""
    images = [page_image(lines, **degrade).convert("RGB") for lines in pages]
    images[0].save(path, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
    return path


DELIBERATION = [
    "COMMUNE DE VILLENEUVE-SUR-LOIRE",
    "EXTRAIT DU REGISTRE DES DELIBERATIONS DU CONSEIL MUNICIPAL",
    "Séance du 14 mars 2023",
    "OBJET : Réfection de la toiture de l'école Jules Ferry",
    "Le conseil municipal, après en avoir délibéré,",
    "approuve le devis de l'entreprise Martin pour un montant de",
    "48 750,00 € HT, soit 58 500,00 € TTC, et autorise le Maire",
    "à signer le marché correspondant.",
    "Adopté à l'unanimité.",
]
