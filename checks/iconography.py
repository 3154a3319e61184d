"""How much of an annex page pictures take."""

from __future__ import annotations

from report_lint.findings import Severity
from report_lint.rules import Check, CheckContext


class AnnexImageShare(Check):
    """"Les documents iconographiques ne représenteront au plus qu'un tiers de la page":
    images and figures cover more than 1/3 (``annex_image_share``) of an annex page's area.

    The share is the area of the union of the pictures' visible boxes (clipping applied,
    pictures inside Form XObjects placed with their matrix), clipped to the page, divided by
    the page area: two overlapping pictures are not counted twice. Raster images count, and
    so do figures drawn with vector paths or included PDF figures, by their bounding box;
    table rules, underlines, text highlights and header/footer decorations do not. The
    message gives the measured share. A scanned annex page (no text layer) is reported here
    with its share as well as by ANX007: a text layer alone would not shrink its picture.
    """

    docs = {"fr": """
    « Les documents iconographiques ne représenteront au plus qu'un tiers de la
    page » : images et figures couvrent plus d'un tiers (``annex_image_share``) de la surface
    d'une page d'annexe.

    La part est l'aire de l'union des boîtes visibles des images (découpage appliqué, images
    des Form XObjects placées avec leur matrice), limitée à la page, divisée par l'aire de la
    page : deux images qui se chevauchent ne sont pas comptées deux fois. Les images
    matricielles comptent, de même que les figures dessinées en tracés vectoriels ou les
    figures PDF incluses, par leur boîte englobante ; les filets de tableau, soulignements,
    surlignages et décorations d'en-tête ou de pied de page ne comptent pas. Le message donne
    la part mesurée. Une page d'annexe scannée (sans couche de texte) est signalée ici avec
    sa part, en plus d'ANX007 : une couche de texte seule ne réduirait pas son image.
    """}

    code = "ANX004"
    name = "annex-image-share"
    severity = Severity.ERROR
    page_level = True
    regulation = "Les documents iconographiques ne représenteront au plus qu'un tiers de la page"
    summary = {"fr": "Les images couvrent plus d'un tiers d'une page d'annexe.",
               "en": "Pictures cover more than a third of an annex page."}
    messages = {
        "fr": {"default": "Page {page} : les images couvrent {share} % de la page de l'annexe "
                          "« {title} » (un tiers au plus, soit 33 %). Réduisez-les.",
               "scan": "Page {page} : l'annexe {index} n'a pas de texte lisible (scan ou "
                       "capture) et ses images couvrent {share} % de la page (un tiers au plus, "
                       "soit 33 %) : même avec une couche de texte, il faudrait les réduire."},
        "en": {"default": "Page {page}: pictures cover {share}% of the page of the annex "
                          "'{title}' (a third at most, 33%). Make them smaller.",
               "scan": "Page {page}: annex {index} has no extractable text (scan or "
                       "screenshot) and its pictures cover {share}% of the page (a third at "
                       "most, 33%): even with a text layer, they would have to be made smaller."},
    }

    def check(self, ctx: CheckContext):
        limit = float(ctx.settings["annex_image_share"])
        for index, annex in enumerate(ctx.report.annexes, 1):
            for number, share in sorted(annex.page_shares.items()):
                if share > limit:
                    # A scan gets ANX007 too (rules.md): adding a text layer to it would
                    # still leave a picture to shrink, so its share is given here as well.
                    key = "scan" if number in annex.textless_pages else "default"
                    yield self.finding(ctx, key, page=number, section=annex.title or None,
                                       title=annex.title or "?", share=round(share * 100),
                                       index=index)
