"""Other spellings of words common in OCOP product names, and the words the registry writes for them.

Searching "cafe" also searches "cà phê": each word of a query that is a key here is looked for as typed
*or* as the words it stands for, so a product really named "Cafe …" is still found. Keys are single words
as the index holds them (folded: no diacritics, lower case); values are written as the registry writes
them, for the catalogue to show ("Đang hiển thị kết quả cho “cafe” và “cà phê”"). A test checks that
every key is one index word and that no value is a key.

Only spellings a shopper really types and the registry really holds otherwise; not the near misses that
the near-spelling stage already forgives (``ocop.registry.search``), and not words that mean something
else as well ("my" is both "mỳ" and "Mỹ", "ki" both "kí" and "kỳ").
"""

SPELLINGS: dict[str, str] = {
    # The loanword on shop signs and packets; the registry names the product "Cà phê".
    "cafe": "cà phê",
    # Written glued, as in web addresses and hashtags. The near-spelling stage splits these too, but only
    # when nothing else matches and saying the result is approximate.
    "caphe": "cà phê",
    "nuocmam": "nước mắm",
    "matong": "mật ong",
    # Both on labels: "Cacao Bến Tre", "Ca cao Trọng Đức".
    "cacao": "ca cao",
    # Provinces glued, as their names were long written in English.
    "daklak": "Đắk Lắk",
    "daknong": "Đắk Nông",
    "kontum": "Kon Tum",
    "hanoi": "Hà Nội",
}
