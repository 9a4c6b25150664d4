"""Closed word classes the segmenter and tokenizer consult: sentence openers, month and day names, clitics.

Entries are lowercase and matched case-insensitively.
"""

from __future__ import annotations

SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    sementara selain namun tetapi akan adapun dalam dengan di ke dari pada untuk saat ketika menurut
    hal ini itu ia dia beliau mereka kami kita saya perusahaan sebelumnya kemudian selanjutnya
    sedangkan bahkan meski meskipun walaupun jika apabila sejak hingga sampai sebagai sebab karena
    oleh lalu juga para sejumlah secara sehingga maka tak tidak bagi atas terkait berdasarkan adanya
    demikian begitu setelah sebelum usai seusai selama namanya dana laba pendapatan saham
    kini sekarang tahun pekan bulan hari langkah kesepakatan keputusan nilai harga total
    the it this that he she they we in on at for but and however its his her their as after
    """.split()
)
"""Words that typically open a sentence in news text and hardly ever continue a company's name,
so that ``Tbk. Sementara itu`` is a boundary while ``Tbk. Budi Santoso`` is not."""

MONTHS: frozenset[str] = frozenset(
    """
    januari februari maret april mei juni juli agustus september oktober november desember
    january february march may june july august october december
    jan feb mar apr jun jul agu agt ags aug sep sept okt oct nov nop des dec
    """.split()
)

DAYS: frozenset[str] = frozenset(
    "senin selasa rabu kamis jumat jum'at sabtu minggu ahad".split()
)

RANGE_WORDS: frozenset[str] = MONTHS | DAYS
"""Names whose hyphenated pairs are ranges (``Januari-Oktober``, ``Senin-Jumat``), split at the hyphen."""

CLITICS: frozenset[str] = frozenset("nya ku mu lah kah pun".split())
"""Enclitics; written with a hyphen after an acronym (``PPh-nya``) they are a token of their own."""
