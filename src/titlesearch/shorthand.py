"""Reviewed word lists for real job postings: shorthand, non-English job words, noise words.

Pure data, no logic (see :mod:`titlesearch.posting` for how they are used). Keys are lower
case; a key may hold spaces or punctuation ("f&b", "cdl-a"). Every entry was chosen because
it is unambiguous inside a job title; ambiguous shorthand ("PM": project/product manager or
afternoon shift, "PA": physician or personal assistant, "CS") is left out on purpose.
"""

from __future__ import annotations

# Posting shorthand → the words O*NET uses.
SHORTHAND: dict[str, str] = {
    # seniority and role words
    "sr": "senior", "snr": "senior", "jr": "junior", "jnr": "junior",
    "mgr": "manager", "mngr": "manager", "mgmt": "management", "asst": "assistant",
    "ass't": "assistant", "assoc": "associate", "exec": "executive", "execs": "executives",
    "dir": "director", "supv": "supervisor", "supvr": "supervisor", "spvr": "supervisor",
    "coord": "coordinator", "co-ord": "coordinator", "rep": "representative",
    "reps": "representatives", "tech": "technician", "techs": "technicians",
    "eng": "engineer", "engr": "engineer", "dev": "developer", "devs": "developers",
    "ops": "operations", "admin": "administrative", "adm": "administrative",
    "acct": "accountant", "accts": "accounts", "hr": "human resources",
    "hrd": "human resources development", "hrbp": "human resources business partner",
    "qa": "quality assurance", "qc": "quality control", "qs": "quantity surveyor",
    "it": "information technology", "ict": "information technology",
    "f&b": "food and beverage", "fnb": "food and beverage", "fmcg": "consumer goods",
    "r&d": "research and development", "gm": "general manager", "avp": "assistant vice president",
    "vp": "vice president", "svp": "senior vice president", "evp": "executive vice president",
    "intl": "international", "natl": "national", "dept": "department", "maint": "maintenance",
    "mech": "mechanical", "elec": "electrical", "prod": "production", "mfg": "manufacturing",
    "whse": "warehouse", "wh": "warehouse", "inv": "invoice", "purch": "purchasing",
    "proc": "procurement", "cust": "customer", "svc": "service", "svcs": "services",
    "mktg": "marketing", "mkt": "marketing", "biz": "business", "bd": "business development",
    "ae": "account executive", "csr": "customer service representative",
    "cs": "customer service", "cx": "customer experience", "ux": "user experience",
    "ui": "user interface", "pr": "public relations", "seo": "search engine optimization",
    "hse": "health safety and environment", "ehs": "environment health and safety",
    "osh": "occupational safety and health",
    "m&e": "mechanical and electrical", "c&s": "civil and structural",
    "lab": "laboratory", "med": "medical", "pharm": "pharmacy", "vet": "veterinary",
    # software and data
    "swe": "software engineer", "sde": "software development engineer",
    "sre": "site reliability engineer", "devops": "devops engineer",
    "fullstack": "full stack", "ml": "machine learning",
    "ai": "artificial intelligence", "bi": "business intelligence", "dba": "database administrator",
    "sysadmin": "systems administrator", "netops": "network operations",
    # health care
    "rn": "registered nurse", "lpn": "licensed practical nurse", "lvn": "licensed vocational nurse",
    "cna": "certified nursing assistant", "np": "nurse practitioner", "crna": "nurse anesthetist",
    "icu": "intensive care unit", "er": "emergency room", "slp": "speech language pathologist",
    "mri": "magnetic resonance imaging", "emt": "emergency medical technician",
    "cma": "certified medical assistant", "hha": "home health aide",
    "pca": "personal care aide", "dds": "dentist",
    # transport and trades
    "cdl": "commercial driver's license", "cdl-a": "commercial driver's license class a",
    "cdl a": "commercial driver's license class a",
    "cdl-b": "class b commercial driver's license driver", "otr": "over the road",
    "hvac": "heating ventilation and air conditioning", "cnc": "computer numerical control",
    "plc": "programmable logic controller", "forklift": "forklift operator",
}  # fmt: skip

# Common Malay (and Malaysian English) job words, as found on Malaysian job boards.
MALAY: dict[str, str] = {
    "pengeluaran": "production", "operator pengeluaran": "production operator",
    "pembantu": "assistant", "pembantu am": "general worker", "pekerja am": "general worker",
    "pekerja": "worker", "pekerja kilang": "factory worker", "kilang": "factory",
    "kerani": "clerk", "kerani akaun": "accounts clerk", "akaun": "accounts",
    "pentadbiran": "administration", "pemandu": "driver", "pemandu lori": "truck driver",
    "lori": "truck", "jurujual": "salesperson", "juruwang": "cashier", "jururawat": "nurse",
    "juruteknik": "technician", "jurutera": "engineer", "penyelia": "supervisor",
    "pengurus": "manager", "eksekutif": "executive", "pengawal keselamatan": "security guard",
    "pengawal": "guard", "keselamatan": "security", "pembersih": "cleaner", "pencuci": "cleaner",
    "tukang masak": "cook", "tukang cat": "painter", "tukang kebun": "gardener",
    "tukang jahit": "tailor", "tukang kayu": "carpenter", "tukang paip": "plumber",
    "tukang": "tradesman", "pengimpal": "welder", "kimpalan": "welding", "mekanik": "mechanic",
    "guru": "teacher", "guru tadika": "kindergarten teacher", "tadika": "kindergarten",
    "pengasuh": "child care worker",
    "pelayan": "waiter", "dapur": "kitchen", "pembantu dapur": "kitchen helper",
    "pembantu rumah": "housekeeper", "penghantar": "delivery driver", "stor": "store",
    "gudang": "warehouse", "jualan": "sales", "pemasaran": "marketing", "kewangan": "finance",
    "perakaunan": "accounting", "sumber manusia": "human resources", "jurukimpal": "welder",
    "jurugambar": "photographer", "juruelektrik": "electrician", "pendawai": "electrician",
    "penolong": "assistant", "ketua": "head", "kanan": "senior", "latihan": "training",
    "pelatih": "trainee",
}  # fmt: skip

# Words that say nothing about the occupation: employment terms, urgency, places of work.
NOISE_WORDS: tuple[str, ...] = (
    "urgent", "urgently", "hiring", "immediate", "immediately", "wanted", "vacancy", "vacancies",
    "job", "jobs", "walk-in", "walk in", "vacancy for", "vacancies for", "hiring for",
    "looking for",
    "wanted for", "interview", "remote", "hybrid", "onsite", "on-site",
    "full-time", "full time", "fulltime", "part-time", "part time", "parttime", "permanent",
    "temporary", "temp", "contract", "contractor basis", "freelance", "locum", "per diem",
    "prn", "nights", "night shift", "day shift", "weekend", "weekends", "days", "shift",
    "sign-on bonus", "bonus", "benefits", "relocation", "work from home", "wfh",
    "new grad", "fresh graduate", "fresh graduates", "graduates welcome",
)  # fmt: skip

# Languages, for "(Mandarin Speaker)" and "Japanese speaking" requirements.
LANGUAGES: tuple[str, ...] = (
    "mandarin", "cantonese", "hokkien", "chinese", "english", "malay", "bahasa", "tamil",
    "japanese", "korean", "thai", "vietnamese", "indonesian", "arabic", "french", "german",
    "spanish", "portuguese", "italian", "russian", "hindi", "tagalog", "bilingual",
)  # fmt: skip
