"""Word lists for Malaysian and Singaporean posting noise: places, employers, grades, notes.

Shapes taken from real vacancy titles ("Retail Assistant @ Sunway Pyramid", "Barista -
Starbucks", "Clerk Gred N19", "Admin Executive (Contract)", "Sales cum Admin Assistant").
Pure data. Malay job words, shorthand and language names are not repeated here: the rules read
:mod:`titlesearch.shorthand` (the tables the query-time normaliser uses) in reverse.
"""

from __future__ import annotations

# fmt: off
CITIES: tuple[str, ...] = (
    "Kuala Lumpur", "KL", "Petaling Jaya", "PJ", "Shah Alam", "Subang Jaya", "Puchong", "Cheras",
    "Klang", "Port Klang", "Seremban", "Nilai", "Cyberjaya", "Putrajaya", "Bangsar", "Mont Kiara",
    "Glenmarie", "Kepong", "Ampang", "Rawang", "Kajang", "Johor Bahru", "JB", "Senai",
    "Pasir Gudang", "Batu Pahat", "Penang", "Bayan Lepas", "Butterworth", "Prai", "Kulim", "Ipoh",
    "Melaka", "Kuantan", "Kota Bharu", "Alor Setar", "Kuching", "Miri", "Kota Kinabalu",
    "Selangor", "Johor", "Perak", "Sabah", "Sarawak", "Klang Valley", "Singapore", "Jurong",
    "Tampines", "Woodlands", "Changi", "Tuas", "Ang Mo Kio",
)
MALLS: tuple[str, ...] = (
    "Sunway Pyramid", "Mid Valley", "Mid Valley Megamall", "1 Utama", "Pavilion KL",
    "Suria KLCC", "IOI City Mall", "The Gardens Mall", "Queensbay Mall", "Gurney Plaza",
    "Paradigm Mall", "AEON Shah Alam", "AEON Tebrau", "Bangsar Village", "MyTown",
    "Sunway Velocity", "The Starling Mall", "Tropicana Gardens Mall", "Berjaya Times Square",
    "IPC Shopping Centre", "Setia City Mall", "VivoCity", "ION Orchard", "Jewel Changi",
    "Jurong Point", "Tampines Mall",
)
# Groups whose postings name a shopping mall as the place of work.
MALL_GROUPS = frozenset({"29", "35", "39", "41", "43"})

# "{s}" is the place; forms starting " - " become segments, the others attach to the title.
PLACE_FORMS: tuple[tuple[str, float], ...] = (
    (" - {s}", 4), (" ({s})", 3), (" @ {s}", 2), (" [{s}]", 0.5), (" (Based in {s})", 1),
    (" in {s}", 0.7), (" - Based in {s}", 0.4), (" - {s} Outlet", 0.3), (" ({s} Branch)", 0.3),
)

# Employers by major group; a few kinds of employer ("(MNC)") stand in for a name anywhere.
EMPLOYERS: dict[str, tuple[str, ...]] = {
    "11": ("Sime Darby", "Sunway Group", "YTL", "Maybank", "Petronas", "Genting", "IOI Group"),
    "13": ("Maybank", "CIMB", "Public Bank", "Deloitte", "PwC", "KPMG", "EY", "Grant Thornton",
           "Accounting Firm", "Audit Firm"),
    "15": ("Grab", "Shopee", "Lazada", "Accenture", "Intel", "AirAsia", "Maxis", "CelcomDigi"),
    "17": ("Intel", "Petronas", "Gamuda", "IJM", "Dyson", "Jabil", "ViTrox", "Western Digital"),
    "19": ("Petronas", "Top Glove", "Hartalega", "Nestle", "MPOB", "Sime Darby Plantation"),
    "25": ("Taylor's University", "Sunway University", "UCSI", "Kumon", "Brainy Bunch"),
    "27": ("Astro", "Media Prima", "Shopee", "Lazada", "Star Media Group"),
    "29": ("KPJ Healthcare", "Sunway Medical Centre", "Gleneagles", "Pantai Hospital",
           "Columbia Asia", "Guardian", "Watsons", "Caring Pharmacy"),
    "31": ("KPJ Healthcare", "Pantai Hospital", "Columbia Asia", "Gleneagles", "Caring Pharmacy"),
    "33": ("G4S", "Securiforce", "AEON", "Sunway Group", "Genting"),
    "35": ("Starbucks", "KFC", "McDonald's", "Tealive", "Marrybrown", "Secret Recipe",
           "Pizza Hut", "Domino's", "Texas Chicken", "The Chicken Rice Shop", "Genting",
           "F&B Group"),
    "37": ("Sunway Group", "Genting", "Shangri-La", "Marriott", "Hilton", "AEON"),
    "39": ("Shangri-La", "Marriott", "Hilton", "Genting", "Sunway Lagoon", "Fitness First"),
    "41": ("Uniqlo", "Watsons", "Guardian", "Mr DIY", "99 Speedmart", "AEON", "Parkson",
           "Decathlon", "IKEA", "Senheng", "Courts", "Padini", "Mydin", "Lotus's"),
    "43": ("Maybank", "CIMB", "AEON", "Pos Malaysia", "Grab", "DHL", "Sunway Group"),
    "47": ("Gamuda", "IJM", "Sunway Construction", "YTL", "WCT", "Mah Sing",
           "Property Developer"),
    "49": ("Proton", "Perodua", "Tenaga Nasional", "Intel", "AirAsia", "Honda Malaysia"),
    "51": ("Top Glove", "Hartalega", "Intel", "Jabil", "Nestle", "Dutch Lady", "Inari",
           "Western Digital", "Flex"),
    "53": ("DHL", "Pos Malaysia", "J&T Express", "Ninja Van", "GDEX", "Lalamove", "Grab",
           "AirAsia", "Malaysia Airlines", "Logistics Company"),
}
EMPLOYERS_ANY: tuple[str, ...] = ("Sime Darby", "Sunway Group", "Berjaya", "Genting", "YTL")
EMPLOYER_KINDS: tuple[str, ...] = (
    "MNC", "Global MNC", "Listed Company", "Established Company", "Local Company", "GLC",
)
EMPLOYER_FORMS: tuple[tuple[str, float], ...] = (
    (" - {s}", 4), (" ({s})", 3), (" | {s}", 2), (" @ {s}", 1), (" ({s} Sdn Bhd)", 0.4),
)

# Languages a posting asks for, weighted as in real titles; keys are names in
# titlesearch.shorthand.LANGUAGES, which also lists the rest (drawn rarely).
LANGUAGE_WEIGHTS: dict[str, float] = {
    "mandarin": 6, "japanese": 5, "korean": 3.5, "thai": 3, "chinese": 2.5, "english": 2,
    "malay": 1.5, "vietnamese": 1.5, "cantonese": 1.5, "tagalog": 1, "arabic": 0.7,
    "indonesian": 0.7, "hokkien": 0.5, "tamil": 0.5,
}
LANGUAGE_PHRASES: tuple[tuple[str, float], ...] = (
    ("{l} Speaker", 4), ("{l} Speaking", 3), ("{l}", 2), ("{l} Speakers", 0.5),
    ("Native {l} Speaker", 0.7), ("{l} & English", 0.5), ("{l} / {m} Speaker", 0.5),
    ("{l} Speaker Required", 0.3),
)
LANGUAGE_FORMS: tuple[tuple[str, float], ...] = ((" ({s})", 5), (" - {s}", 3), (" | {s}", 0.5))

# Internships and trainee programmes around the title ("{t}"), for any group …
INTERN_FORMS: tuple[tuple[str, float], ...] = (
    ("Internship - {t}", 3), ("Intern - {t}", 2), ("{t} Intern", 3), ("{t} Internship", 1.5),
    ("Internship ({t})", 1), ("Intern ({t})", 1), ("{t} (Internship)", 2), ("{t} (Intern)", 1),
    ("Internship for {t}", 0.7), ("{t} (Trainee)", 1.5), ("{t} Trainee", 1),
    ("Intern / Trainee ({t})", 0.5), ("{t} (Intern/Apprentice)", 0.3),
    ("{t} (Fresh Graduate)", 1.5), ("{t} - Fresh Graduates Welcome", 0.5),
    ("{t} - Internship (6 Months)", 0.5),
)
# … and graduate programmes, for desk jobs.
GRADUATE_FORMS: tuple[tuple[str, float], ...] = (
    ("Management Trainee - {t}", 3), ("Management Trainee ({t})", 1.5),
    ("Graduate Trainee Programme - {t}", 2), ("Graduate Trainee Program - {t}", 1),
    ("Young Talent Programme - {t}", 0.5), ("{t} (Graduate Programme)", 0.5),
)

# Contract and urgency notes: " …" attaches after the title, "… " goes before it.
CONTRACT_NOTES: tuple[tuple[str, float], ...] = (
    (" (Contract)", 4), (" (Contract {n} Months)", 1), (" ({n} Months Contract)", 1),
    (" ({n} months)", 1), (" (1 Year Contract)", 1), (" - {n} Months Contract", 0.7),
    (" (Fixed Term Contract)", 0.4), (" (Temporary)", 1), (" [Urgent]", 2), (" [URGENT]", 1),
    (" (Urgent)", 1.5), (" (Urgent Hiring)", 1), (" - URGENT", 0.7), (" **URGENT", 0.3),
    (" (Immediate Start)", 0.5), (" (Walk-in Interview)", 0.5), (" (Permanent)", 0.5),
    ("Contract ", 1.5), ("Urgent ", 1), ("[Urgent] ", 0.5), ("Urgent!! ", 0.3),
    ("Temporary ", 0.5),
)
CONTRACT_MONTHS: tuple[int, ...] = (3, 3, 4, 6, 6, 6, 12)

# Grades and levels after the title: "{n}" a grade number, "{m}" the next one, "{r}" a roman
# numeral, "{c}{g}" a Malaysian civil-service scheme and grade ("N29", "DG41").
GRADE_FORMS: tuple[tuple[str, float], ...] = (
    (" Gred {n}", 2), (" GRED {n}", 1), (" Grade {n}", 2), (" Level {r}", 1.5),
    (" (Level {n})", 0.5), (" L{n}", 1), (" (L{n})", 0.7), (" Gred {c}{g}", 1.5), (" {c}{g}", 1),
    (" (Gred {c}{g})", 0.5), (" Gred {n} & Gred {m}", 0.5), (" (Gred {n} & {m})", 0.3),
    (" Band {n}", 1), (" - Grade {n}", 0.3),
)
ROMAN: tuple[str, ...] = ("I", "II", "III", "IV")
# Malaysian civil-service schemes by SOC major group ("N" administration is the default).
CIVIL_SERVICE_SCHEMES: dict[str, str] = {
    "13": "W", "15": "F", "17": "J", "19": "C", "21": "S", "23": "L", "25": "DG", "29": "U",
    "31": "U", "33": "KP", "45": "G", "47": "H", "49": "H", "51": "H", "53": "H",
}
CIVIL_SERVICE_GRADES: tuple[int, ...] = (11, 17, 19, 22, 26, 29, 32, 36, 38, 41, 44, 48, 52)

# Two jobs in one title ("Sales cum Admin Assistant", "Cashier / Stock Clerk").
DOUBLE_TITLE_JOINS: tuple[tuple[str, float], ...] = (
    (" cum ", 4), (" Cum ", 0.7), (" / ", 2), ("/", 1.5), (" & ", 1.5), (" | ", 0.7),
    (" and ", 0.3),
)

# Bilingual titles: "{m}" the Malay title, "{e}" the English one.
BILINGUAL_FORMS: tuple[tuple[str, float], ...] = (
    ("{m}", 4), ("{m} / {e}", 3), ("{m}/{e}", 1), ("{e} / {m}", 2), ("{e}/{m}", 1),
    ("{m} ({e})", 1.5), ("{e} ({m})", 1),
)
# fmt: on
