"""Indonesia's regional languages told from Indonesian by their function words (lingua knows none of them).

A text in Javanese or Sundanese is Indonesian to ``lingua``, with confidence 1.00: it has no model of
them. Each regional language here has a list of its own frequent function words (pronouns,
particles, prepositions, negation, conjunctions, common adverbs), written for this project from
grammars and general knowledge of the languages, none of which is an Indonesian word (nor a common
word of colloquial Indonesian). A text whose words are at least :data:`MIN_SHARE` of one language's
list, and at least half as many as those of Indonesian's own function words (:data:`INDONESIAN`),
is in that language. ``python -m id_pubadmin.bench regional`` measures the rule on NusaX sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache

# ISO 639 code -> (name, function words). Spellings as written in Latin script today, with and
# without diacritics and the apostrophe of a glottal stop.
REGIONAL: dict[str, tuple[str, str]] = {
    "jv": ("Javanese", """
        lan ing sing iku iki kuwi kae ora wis uwis wes arep kanggo kanggé marang saka soko nganti nganggo kowe kowé
        awakdewe dheweke dhewe dewe piye piyé opo endi ngendi ana ono onok yaiku amarga amargi mergo merga nanging
        uga ugi wae ae mung kabeh kabèh akeh akèh sithik kudu durung dereng maneh meneh saiki biyen mbiyen
        mengko dina wong omah kang punika menika kula panjenengan sampun mboten boten wonten saking dhateng kaliyan
        ingkang badhe kagem sanget nggih inggih niki niku nika neng nang ning yen yèn lek nek kanthi miturut dening
        luwih rada tansah sopo ngapa kepiye apik becik elek gedhe cilik rego regane panganan mangan ngombe gawe
        nggawe ndeleng weruh krungu lunga teka mulih kasebut sawise sawisé dadi minangka dumunung antarane antarané
        kalebu saben nalika nalikané wiwit sadurunge sadurungé sawijining sawetara déning liyane liyané ngenani
        sajroning kono kene wus pungkasan"""),
    "su": ("Sundanese", """
        jeung teh téh nu ti keur pikeun kana geus atos teu henteu moal acan tacan kuring maneh manéh anjeun manehna
        manéhna anjeunna eta éta ieu kieu kitu naon kumaha iraha mah oge ogé deui pisan hungkul wungkul sarta tina
        nepi dugi sanajan lamun upami kedah tiasa hoyong hayang aya sadaya sadayana seueur loba saeutik alus sae saé
        hadé hade hatur nuhun ngan wae waé rek badé bade parantos sareng kalayan dieu ditu kadieu kaditu ayeuna
        engke kamari isukan bari da atuh euy mangrupa nyaéta nyaeta margi sabab jalma imah kanggo ngagaduhan ningali
        ngalakukeun tos anu salaku kaasup ngaliwatan numutkeun saterusna kungsi wewengkon perenahna ayana dina
        sababaraha séjén sejen"""),
    "min": ("Minangkabau", """
        jo nan indak alah ado ambo awak ko iko tu dek untuak samo baa apo bana sangaik labiah lai alun karano sadang
        patang isuak sajak musti ciek duo tigo ampek limo baiak rancak tampek urang bisuak kapado baliau inyo
        kito ambiak dapek bantuak saroman sarupo taruih ateh muko balakang sakali saketek gadang mangko sabab
        caliak pai mancaliak manjadi mamakai indaknyo sapanjang hanyo"""),
    "ban": ("Balinese", """
        ring sane sané ane né nika niki puniki punika titiang cang icang iraga ipun ida dane suba tusing ten nenten
        boya wantah sajan teken uli saking kanggen anggen anggo mangda apang yening krana sawireh kewala ento ené
        ene ditu jani mani ibi nyen kenken kudiang dados dadi ngidang nyidang mresidayang liu makejang sami becik
        luung mael pepes setata sareng miwah utawi utawa wenten kantun sampun durung"""),
    "bug": ("Buginese", """
        sibawa ri lao polé pole de' dé degaga engka idi iyya mappakkuwa makkuwa nasaba narekko rekko maega maraja
        madeceng macca ladde ladde' senna tongeng mua ro iyaro iye iyanaro aga magi kegi wettu matu purani sedding
        edda weddi mappada na' nappa namo mancaji tennapodo mabbicara melo' melo kuwa kuwae iko iyatu iyaé iae tauwe
        matanna ritu nennia sininna"""),
    "ace": ("Acehnese", """
        ngon nyang lam keu ureueng geu lon ulon kamoe gata droeneuh jih gopnyan nyoe nyan hana hanjeut meu lagee
        keupeu pakon bacut mangat beu teuh rhoh peue pajan watee jinoe baroe sabe mantong cit lom mandum dum kiban
        jeut meuh teuma aneuk rumoh jak meunan meunoe nibak lhee peuet limong thon uroe teungoh ateuh yoh di'"""),
    "bjn": ("Banjar", """
        wan kada kadada ulun unda ikam pian sidin inya gasan haja banar banarai kawa handak hanyar ganal wayah nang
        nangini naitu ngini ngitu kayapa tulak bulik maulah matan pang baisi kaina kahada handaknya"""),
    "mad": ("Madurese", """
        ben bân sareng dâri deri dhâ' dha' ta' tadâ' tada' tadha' bâdâ bada engkok engko' sengko' kaula bâ'na
        be'na ba'na rèya reya jareya jâreya paneka se sè kalaban polana mon ghi' ghi gi' mare ampon bânnya' bennya'
        bannya' sakonè' ongghu onggu mangkana tadhâ' ka'dinto ka'dissa ka'dhissa neng è"""),
}

# Indonesian function words that the regional languages above do not use (or use far less).
INDONESIAN = """
    yang dan dengan untuk dari ini itu tidak tak sudah telah akan pada adalah ialah juga bisa dapat karena
    oleh dalam kepada terhadap bagi saya kami kita mereka ia dia beliau sangat lebih paling hanya masih atau
    seperti tetapi namun sebagai bahwa belum harus ada para secara agar supaya sehingga jika apabila ketika
    saat setelah sebelum sejak hingga sampai antara tersebut yaitu serta maupun bahkan pun lagi sedang
    sering selalu tentang melalui menurut tanpa hal banyak semua setiap beberapa baru menjadi memiliki
    mempunyai merupakan membuat memberikan mengatakan
"""

MIN_SHARE = 0.05  # of a text's words in one regional list, at least, to be that language
INDONESIAN_RATIO = 2.0  # ... and the share of Indonesian function words at most this many times as high
MIN_WORDS = 8  # a shorter text is not judged
MIN_HITS = 2  # nor one holding fewer distinct words of a list (one may be a name or a loanword, however often)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]*)?", re.UNICODE)


@lru_cache(maxsize=1)
def _lists() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    indonesian = frozenset(INDONESIAN.split())
    return {code: frozenset(words.split()) - indonesian for code, (_, words) in REGIONAL.items()}, indonesian


def words_of(text: str) -> list[str]:
    """The lower-cased words of ``text`` (a word may hold the apostrophe of a glottal stop: ``de'``), but
    acronyms (``RI``, ``ISO``), which are no function words of any language."""
    return [word.lower().replace("’", "'") for word in _WORD.findall(text) if len(word) < 2 or not word.isupper()]


def regional_hits(words: list[str]) -> tuple[dict[str, int], int]:
    """(how many of ``words`` are in each regional list, how many in the Indonesian list)."""
    lists, indonesian = _lists()
    return {code: sum(word in listed for word in words) for code, listed in lists.items()}, \
        sum(word in indonesian for word in words)


def regional_language(text: str) -> tuple[str, float] | None:
    """(code, share of its function words) of the regional language ``text`` is in; None when it reads as
    Indonesian (or is too short to tell)."""
    words = words_of(text)
    if len(words) < MIN_WORDS:
        return None
    hits, indonesian = regional_hits(words)
    code = max(hits, key=lambda key: (hits[key], key))
    distinct = len(set(words) & _lists()[0][code])
    if distinct >= MIN_HITS and hits[code] >= MIN_SHARE * len(words) and hits[code] * INDONESIAN_RATIO >= indonesian:
        return code, round(hits[code] / len(words), 4)
    return None
