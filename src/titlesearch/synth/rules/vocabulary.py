"""Word lists for the offline rule jitterer: abbreviations, synonyms, levels, and posting noise.

Curated from the shapes job-board titles take ("Sr. SWE II (Backend) – Remote, $150k",
"CDL-A Driver - Home Daily - $1,500 Sign-On Bonus"). Lists keyed by SOC major group keep noise
plausible for the occupation (no "PRN" on a software job, no "Python" on a welder). Pure data.
"""

from __future__ import annotations

# fmt: off
# Multi-word phrases first: applied before single words so "Registered Nurse" becomes "RN",
# not "Reg. Nurse". The first abbreviation of each entry is also the one expanded back.
PHRASE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "Vice President": ("VP",), "Assistant Vice President": ("AVP",), "Human Resources": ("HR",),
    "Information Technology": ("IT",), "Quality Assurance": ("QA",), "Quality Control": ("QC",),
    "Research and Development": ("R&D",), "Registered Nurse": ("RN",),
    "Licensed Practical Nurse": ("LPN",), "Licensed Vocational Nurse": ("LVN",),
    "Certified Nursing Assistant": ("CNA",), "Nursing Assistant": ("CNA", "Nurse Aide"),
    "Nurse Practitioner": ("NP",), "Physician Assistant": ("PA", "PA-C"),
    "Physical Therapist": ("PT",), "Occupational Therapist": ("OT",),
    "Speech-Language Pathologist": ("SLP",), "Speech Language Pathologist": ("SLP",),
    "Software Engineer": ("SWE",), "Software Development Engineer": ("SDE",),
    "Customer Service Representative": ("CSR",), "Customer Service": ("Customer Svc", "CS"),
    "Emergency Medical Technician": ("EMT",), "Certified Public Accountant": ("CPA",),
    "Medical Assistant": ("MA",), "Home Health Aide": ("HHA",), "Personal Care Aide": ("PCA",),
    "Direct Support Professional": ("DSP",), "Chief Executive Officer": ("CEO",),
    "Chief Financial Officer": ("CFO",), "Chief Operating Officer": ("COO",),
    "Chief Technology Officer": ("CTO",), "Chief Information Officer": ("CIO",),
    "Accounts Payable": ("AP", "A/P"), "Accounts Receivable": ("AR", "A/R"),
    "Computer Numerical Control": ("CNC",),
    "Heating, Ventilation, and Air Conditioning": ("HVAC",),
    "Heating and Air Conditioning": ("HVAC",), "User Experience": ("UX",),
    "User Interface": ("UI",), "Business Development": ("BD", "BizDev"),
    "Environmental Health and Safety": ("EHS",), "Health and Safety": ("H&S",),
    "Non-Destructive Testing": ("NDT",), "Programmable Logic Controller": ("PLC",),
    "Information Systems": ("IS",), "Operating Room": ("OR",), "Intensive Care Unit": ("ICU",),
    "Emergency Room": ("ER",),
}

WORD_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "Senior": ("Sr.", "Sr", "Snr"), "Junior": ("Jr.", "Jr"), "Manager": ("Mgr", "Mgr."),
    "Assistant": ("Asst.", "Asst", "Assist."), "Associate": ("Assoc.",),
    "Engineer": ("Eng.", "Engr"), "Engineering": ("Eng.", "Engrg"), "Developer": ("Dev",),
    "Development": ("Dev",), "Representative": ("Rep", "Rep."), "Technician": ("Tech", "Tech."),
    "Technologist": ("Tech",), "Technology": ("Tech",), "Specialist": ("Spec.", "Spclst"),
    "Administrator": ("Admin",), "Administrative": ("Admin",), "Administration": ("Admin",),
    "Director": ("Dir.", "Dir"), "Coordinator": ("Coord.", "Coord"), "Operator": ("Op", "Opr"),
    "Operations": ("Ops",), "Supervisor": ("Supv.", "Supvr"), "Superintendent": ("Supt.",),
    "Department": ("Dept.",), "Maintenance": ("Maint.",), "Mechanical": ("Mech.",),
    "Mechanic": ("Mech.",), "Electrical": ("Elec.",), "Equipment": ("Equip.",),
    "Medical": ("Med",), "Management": ("Mgmt",), "Production": ("Prod.",), "Laboratory": ("Lab",),
    "Executive": ("Exec",), "Accounting": ("Acctg",), "Accountant": ("Acct.",),
    "Account": ("Acct",), "Information": ("Info",), "International": ("Intl",),
    "Government": ("Govt",), "Customer": ("Cust.",), "Service": ("Svc",), "Services": ("Svcs",),
    "Warehouse": ("WH",), "Assembly": ("Assy",), "Construction": ("Const.",),
    "Inspector": ("Insp.",), "Instructor": ("Instr.",), "Marketing": ("Mktg",),
    "Manufacturing": ("Mfg",), "Distribution": ("Dist.",), "Transportation": ("Transp.",),
    "Programmer": ("Prog.",), "Certified": ("Cert.",), "General": ("Gen.",),
    "Professional": ("Pro",), "Apprentice": ("Appr.",), "Journeyman": ("Jman", "JM"),
}

# Head-word swaps that keep the job. An entry "word|previous" only applies after that word.
HEAD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Assistant": ("Aide", "Helper"), "Aide": ("Assistant", "Helper"),
    "Helper": ("Assistant", "Aide", "Hand"),
    "Worker": ("Associate", "Team Member", "Hand", "Laborer"),
    "Laborer": ("Worker", "Helper", "Labor Associate"), "Associate": ("Team Member", "Worker"),
    "Manager": ("Lead", "Mgr"), "Supervisor": ("Lead", "Foreman", "Team Lead"),
    "Foreman": ("Supervisor", "Lead", "Crew Lead"),
    "Clerk": ("Specialist", "Associate", "Assistant"), "Technician": ("Tech", "Specialist"),
    "Technologist": ("Tech", "Technician"),
    "Representative": ("Rep", "Agent", "Associate", "Specialist"),
    "Agent": ("Representative", "Rep"), "Specialist": ("Coordinator", "Professional", "Expert"),
    "Coordinator": ("Specialist", "Administrator"), "Consultant": ("Advisor", "Specialist"),
    "Advisor": ("Counselor", "Consultant"), "Adviser": ("Advisor", "Counselor"),
    "Counselor": ("Advisor", "Counsellor"), "Instructor": ("Trainer", "Teacher", "Educator"),
    "Teacher": ("Educator", "Instructor"), "Professor": ("Faculty", "Lecturer", "Instructor"),
    "Trainer": ("Instructor", "Coach"), "Programmer": ("Developer", "Coder"),
    "Developer": ("Engineer", "Programmer"), "Mechanic": ("Technician", "Tech"),
    "Repairer": ("Repair Technician", "Mechanic", "Repair Tech"),
    "Installer": ("Technician", "Install Tech"), "Attendant": ("Associate", "Worker", "Assistant"),
    "Janitor": ("Custodian",), "Custodian": ("Janitor",),
    "Salesperson": ("Sales Associate", "Sales Rep"), "Physician": ("Doctor", "MD"),
    "Attorney": ("Lawyer", "Counsel"), "Lawyer": ("Attorney",),
    "Secretary": ("Administrative Assistant", "Admin Assistant"),
    "Receptionist": ("Front Desk Associate", "Front Desk Coordinator"), "Waiter": ("Server",),
    "Waitress": ("Server",), "Analyst": ("Specialist",), "Administrator": ("Admin",),
    "Assembler": ("Assembly Worker", "Assembly Technician", "Builder"),
    "Packer": ("Packager", "Packing Associate"),
    "Loader": ("Material Handler", "Loading Associate"),
    "Tester": ("Test Technician", "Test Tech"), "Stocker": ("Stock Associate",),
    "Driver|Truck": ("Operator",), "Driver|Forklift": ("Operator",),
    "Driver|Tractor": ("Operator",), "Driver|Bus": ("Operator",), "Operator|Forklift": ("Driver",),
    "Operator|Truck": ("Driver",), "Operator|Machine": ("Tender", "Technician"),
    "Engineer|Software": ("Developer",),
}

SYNONYM_BLOCK = frozenset({
    "account manager", "case manager", "claims agent", "escrow agent", "executive assistant",
    "physician assistant", "product manager", "property manager", "teaching assistant",
})

OF_HEADS = frozenset({"Chief", "Coordinator", "Director", "Manager", "Professor", "Supervisor"})

SENIORITY_WORDS = frozenset({
    "apprentice", "assistant", "associate", "chief", "entry", "entry-level", "experienced",
    "head", "journeyman", "jr", "jr.", "junior", "lead", "master", "mid-level", "principal",
    "senior", "snr", "sr", "sr.", "staff", "trainee",
})

LEVEL_PREFIXES: dict[str, tuple[tuple[str, float], ...]] = {
    "any": (
        ("Senior", 6), ("Sr.", 4), ("Junior", 2), ("Jr.", 1.5), ("Lead", 3), ("Entry-Level", 1.5),
        ("Entry Level", 1), ("Experienced", 2), ("Trainee", 0.7),
    ),
    "professional": (("Principal", 1.5), ("Staff", 1), ("Associate", 1.5), ("Mid-Level", 0.5)),
    "trades": (("Journeyman", 2), ("Apprentice", 1.5), ("Master", 0.5)),
    "service": (("Shift Lead", 0.7), ("Team Lead", 0.7), ("New Grad", 0.2)),
}

LEVEL_SUFFIXES: tuple[tuple[str, float], ...] = (
    (" I", 2), (" II", 3), (" III", 2), (" IV", 0.5), (" 1", 0.7), (" 2", 0.7), (" 3", 0.4),
    (" - Level II", 0.4), (" (Level 3)", 0.3), (" Level 1", 0.3), (" Grade 5", 0.1),
)

MANAGER_HEADS = frozenset({"Administrator", "Director", "Manager", "Superintendent", "Supervisor"})

PROFESSIONAL_GROUPS = frozenset({"11", "13", "15", "17", "19", "21", "23", "25", "27", "29", "55"})

# Jobs that can be done from a desk, where "Remote"/"Hybrid" is plausible.
DESK_GROUPS = frozenset({"11", "13", "15", "17", "19", "21", "23", "25", "27", "41", "43"})
TRADES_GROUPS = frozenset({"47", "49", "51"})

HOURLY_GROUPS = frozenset({"31", "33", "35", "37", "39", "41", "43", "45", "47", "49", "51", "53"})

# Skills and credentials that are noise, not a different occupation, within a major group.
GROUP_SKILLS: dict[str, tuple[str, ...]] = {
    "11": ("P&L", "PMP", "MBA", "Six Sigma", "Agile", "Budgeting", "Multi-Site", "Operations"),
    "13": ("CPA", "CMA", "Excel", "SAP", "Oracle", "GAAP", "SOX", "QuickBooks", "Power BI"),
    "15": (
        "Python", "Java", "AWS", "Azure", "SQL", "React", ".NET", "C#", "C++", "Kubernetes",
        "Linux", "Go", "TypeScript", "Node.js", "GCP", "Docker", "Salesforce", "Spark",
    ),
    "17": ("AutoCAD", "SolidWorks", "PE", "EIT", "MATLAB", "Revit", "CAD", "Six Sigma", "GD&T"),
    "19": ("PhD", "GLP", "HPLC", "GIS", "R", "Python", "Field Work", "Lab", "MS/PhD"),
    "21": (
        "LCSW", "Bilingual", "Case Management", "CBT", "Trauma-Informed", "Crisis Intervention",
    ),
    "23": (
        "Litigation", "Corporate", "Real Estate", "IP", "Bar Admitted", "Westlaw", "eDiscovery",
    ),
    "25": ("Bilingual", "ESL", "STEM", "State Certified", "Online", "Curriculum"),
    "27": (
        "Adobe Creative Suite", "Photoshop", "Figma", "Final Cut Pro", "Social Media",
        "Portfolio",
    ),
    "29": (
        "BLS", "ACLS", "BLS/ACLS", "PALS", "Epic EMR", "Bilingual", "Licensed", "Board Certified",
    ),
    "31": ("CPR/BLS", "Certified", "Phlebotomy", "EHR", "Bilingual", "State Certified"),
    "33": ("Armed", "Unarmed", "Guard Card", "CPR/First Aid", "Bilingual", "POST Certified"),
    "35": ("ServSafe", "Food Handler Card", "Fine Dining", "High Volume", "Catering", "Banquets"),
    "37": (
        "Floor Care", "Commercial", "Residential", "Pesticide License", "Irrigation",
        "Green Cleaning",
    ),
    "39": ("CPR/First Aid", "Bilingual", "Licensed", "Certified", "Customer Service"),
    "41": (
        "B2B", "SaaS", "CRM", "Salesforce", "Bilingual", "Commission", "Medical Device", "Retail",
    ),
    "43": ("Microsoft Office", "Excel", "Bilingual", "QuickBooks", "Data Entry", "10-Key", "SAP"),
    "45": ("Pesticide Applicator License", "Equipment Operation", "CDL", "Livestock", "Organic"),
    "47": (
        "OSHA 10", "OSHA 30", "Commercial", "Residential", "Blueprint Reading", "NCCER", "Union",
    ),
    "49": (
        "EPA 608", "ASE Certified", "CDL", "PLC", "Hydraulics", "Troubleshooting", "Diesel",
        "OEM",
    ),
    "51": ("CNC", "Forklift", "Lean", "Six Sigma", "GMP", "ISO 9001", "Blueprint Reading", "PLC"),
    "53": (
        "CDL-A", "CDL-B", "Hazmat", "Forklift Certified", "Clean MVR", "TWIC", "DOT Medical Card",
    ),
    "55": ("Security Clearance", "TS/SCI", "Active Duty", "Veteran"),
}

# Where a major group mixes very different jobs (cashiers and sales engineers are both "41").
MINOR_GROUP_SKILLS: dict[str, tuple[str, ...]] = {
    "15-2": ("Python", "R", "SQL", "Machine Learning", "Tableau", "Spark", "Statistics", "SAS"),
    "19-1": ("PhD", "GLP", "HPLC", "R&D", "Lab", "Field Work", "Molecular Biology"),
    "19-2": ("PhD", "GIS", "MATLAB", "Python", "Field Work", "Lab", "Remote Sensing"),
    "19-3": ("PhD", "SPSS", "R", "Stata", "Survey Research", "Licensed", "Bilingual"),
    "19-4": ("Lab", "GLP", "HPLC", "Field Work", "Sampling", "QA/QC", "OSHA"),
    "29-2": ("ARRT", "BLS", "Registry Eligible", "Epic EMR", "CPR", "State License"),
    "35-2": ("ServSafe", "Food Handler Card", "High Volume", "Fine Dining", "Line Experience"),
    "35-3": ("Fine Dining", "Bartending", "POS", "High Volume", "TIPS Certified", "Banquets"),
    "41-2": ("POS", "Cash Handling", "Customer Service", "Bilingual", "Retail", "Merchandising"),
    "43-3": ("QuickBooks", "Excel", "10-Key", "Data Entry", "SAP", "ADP", "Bilingual"),
    "43-4": ("Customer Service", "Bilingual", "Microsoft Office", "Data Entry", "Call Center"),
    "43-5": ("SAP", "WMS", "Inventory", "Data Entry", "Forklift", "Shipping & Receiving"),
    "53-3": ("CDL-A", "CDL-B", "Clean MVR", "Hazmat", "DOT Medical Card", "Tanker Endorsement"),
    "53-7": ("Forklift Certified", "Pallet Jack", "RF Scanner", "Reach Truck", "OSHA", "WMS"),
}
SKILL_FORMS: tuple[tuple[str, float], ...] = (
    (" - {s}", 4), (" ({s})", 3), (", {s}", 1.5), (" w/ {s}", 1), (" - {s} Required", 1),
    (" - {s} Preferred", 0.7), (" - {s} Certified", 0.5), (" | {s}", 0.7), ("{s} {t}", 1.5),
)

DOMAIN_FORMS: tuple[tuple[str, float], ...] = (
    (" - {s}", 5), (" ({s})", 2), (", {s}", 1), ("{s} {t}", 2), (" - {s} Focus", 0.3),
    (" - {s} Division", 0.3), (" | {s}", 0.5),
)

PAY_HOURLY: dict[str, tuple[int, int]] = {
    "29": (28, 80), "31": (14, 26), "33": (17, 38), "35": (13, 22), "37": (14, 22), "39": (13, 26),
    "41": (14, 28), "43": (15, 27), "45": (13, 22), "47": (20, 48), "49": (19, 45), "51": (16, 32),
    "53": (16, 34),
}

PAY_SALARY: dict[str, tuple[int, int]] = {
    "11": (85, 240), "13": (55, 150), "15": (80, 210), "17": (70, 170), "19": (50, 140),
    "21": (40, 85), "23": (60, 220), "25": (40, 95), "27": (45, 120), "29": (60, 260),
    "33": (45, 95), "55": (35, 90),
}

PAY_VAGUE: tuple[str, ...] = (
    "Competitive Pay", "DOE", "Top Pay", "Great Pay", "Pay Commensurate w/ Experience",
    "Competitive Salary", "Salary + Commission",
)

HOURLY_FORMS: tuple[tuple[str, float], ...] = (
    ("${a}/hr", 4), ("${a}/hour", 2), ("${a}.{c}/hr", 1.5), ("Up to ${b}/hour", 1.5),
    ("${a}-${b}/hr", 2), ("${a}+/hr", 1), ("${a}/hr + Benefits", 0.7), ("Starting at ${a}/hr", 1),
    ("${a} - ${b} per hour", 0.7), ("Pay: ${a}/hr", 0.3), ("${a}/HR", 0.3),
)

SALARY_FORMS: tuple[tuple[str, float], ...] = (
    ("${a}k-${b}k", 4), ("${a}K - ${b}K", 1.5), ("${b}k+", 1.5), ("${a},000/yr", 1.5),
    ("${a},000 - ${b},000", 1), ("Up to ${b}K", 1.5), ("${a}k", 1), ("Salary ${a}k-${b}k", 0.5),
    ("${a}k-${b}k + Bonus", 0.7), ("${a},000/year + Benefits", 0.5), ("${b}K/yr", 0.5),
)

# Where the work happens, per major group: the "Skilled Nursing Facility" in a posting title.
GROUP_SETTINGS: dict[str, tuple[str, ...]] = {
    "11": (
        "Fortune 500", "Manufacturing", "Healthcare", "Nonprofit", "Startup", "Corporate Office",
    ),
    "13": ("Big 4", "Public Accounting", "Credit Union", "Bank", "Corporate Finance", "Nonprofit"),
    "15": ("Startup", "FinTech", "Healthcare IT", "SaaS Company", "Enterprise", "Government"),
    "17": ("Aerospace", "Automotive", "Energy", "Consulting Firm", "Infrastructure", "Defense"),
    "19": (
        "Research Lab", "University", "Biotech", "Government Agency", "Environmental Consulting",
    ),
    "21": ("Community Agency", "Hospital", "School District", "Nonprofit", "Outpatient Clinic"),
    "23": (
        "Law Firm", "Corporate Legal", "Government", "Public Defender's Office", "Boutique Firm",
    ),
    "25": (
        "School District", "University", "Charter School", "Community College", "Online Academy",
    ),
    "27": ("Agency", "Media Company", "In-House", "Studio", "Marketing Team", "Nonprofit"),
    "29": (
        "Hospital", "Skilled Nursing Facility", "Outpatient Clinic", "Home Health", "Urgent Care",
        "Med/Surg Unit", "Long-Term Care", "Physician Practice", "Telehealth",
    ),
    "31": (
        "Hospital", "Skilled Nursing Facility", "Home Health", "Assisted Living",
        "Outpatient Clinic", "Rehab Center", "Long-Term Care",
    ),
    "33": ("Corporate Campus", "Hospital", "Retail", "Event Security", "County", "City of Dallas"),
    "35": (
        "Restaurant", "Hotel", "Casino", "Hospital Cafeteria", "Catering Company", "Country Club",
    ),
    "37": ("Commercial Building", "Hospital", "School", "Apartment Community", "Golf Course"),
    "39": (
        "Resort", "Salon", "Fitness Center", "Senior Living", "Childcare Center", "Cruise Line",
    ),
    "41": ("Retail Store", "Dealership", "Inside Sales", "Field Sales", "Call Center", "Showroom"),
    "43": ("Medical Office", "Law Firm", "Corporate Office", "Call Center", "Warehouse Office"),
    "45": ("Farm", "Nursery", "Ranch", "Greenhouse", "Vineyard", "Timber Company"),
    "47": (
        "Commercial Construction", "Residential Projects", "Industrial Site", "Road Crew",
        "High-Rise Projects", "New Construction", "Remodeling",
    ),
    "49": (
        "Dealership", "Manufacturing Plant", "Fleet Maintenance", "Field Service", "Utility",
        "Facilities", "Aviation",
    ),
    "51": (
        "Manufacturing Plant", "Production Facility", "Food Processing",
        "Aerospace Manufacturing", "Automotive Plant", "Medical Device",
    ),
    "53": (
        "Warehouse", "Distribution Center", "Local Routes", "OTR", "Regional", "Port", "Airport",
    ),
    "55": ("Army", "Navy", "Air Force", "Marine Corps", "National Guard"),
}

CITIES: tuple[str, ...] = (
    "New York, NY", "Los Angeles, CA", "Chicago, IL", "Houston, TX", "Phoenix, AZ",
    "Philadelphia, PA", "San Antonio, TX", "San Diego, CA", "Dallas, TX", "Austin, TX",
    "Jacksonville, FL", "Columbus, OH", "Charlotte, NC", "Indianapolis, IN", "Seattle, WA",
    "Denver, CO", "Nashville, TN", "Boston, MA", "Detroit, MI", "Portland, OR", "Las Vegas, NV",
    "Memphis, TN", "Louisville, KY", "Baltimore, MD", "Milwaukee, WI", "Albuquerque, NM",
    "Tucson, AZ", "Sacramento, CA", "Kansas City, MO", "Atlanta, GA", "Omaha, NE", "Raleigh, NC",
    "Miami, FL", "Minneapolis, MN", "Tampa, FL", "New Orleans, LA", "Cleveland, OH",
    "Pittsburgh, PA", "St. Louis, MO", "Salt Lake City, UT", "Boise, ID", "Richmond, VA",
    "Birmingham, AL", "Des Moines, IA", "Spokane, WA", "Anchorage, AK", "Honolulu, HI",
)

STATES: tuple[str, ...] = ("TX", "CA", "FL", "NY", "OH", "PA", "IL", "GA", "NC", "AZ", "WA", "CO")

LOCATION_FORMS: tuple[tuple[str, float], ...] = (
    ("{city}", 4), ("({city})", 2), ("in {city}", 1), ("{state}", 0.5), ("Onsite - {city}", 0.5),
    ("Hybrid - {city}", 0.7), ("{city} Area", 0.3), ("{region}", 3),
)

WORK_MODES: tuple[tuple[str, float], ...] = (
    ("Remote", 4), ("Remote (US)", 1), ("Hybrid", 3), ("On-site", 2), ("Onsite", 1),
    ("100% Remote", 0.7), ("Work From Home", 0.5), ("Remote-First", 0.3),
)

SHIFTS: tuple[str, ...] = (
    "Night Shift", "2nd Shift", "3rd Shift", "1st Shift", "Day Shift", "Overnight", "Weekends",
    "Swing Shift", "12-Hour Shifts", "Mon-Fri", "Evenings", "Weekend Option", "4x10s",
)

HEALTH_SHIFTS: tuple[str, ...] = (
    "PRN", "Per Diem", "Nights", "7p-7a", "3x12s", "Travel", "On-Call",
)

EMPLOYMENT_TYPES: tuple[tuple[str, float], ...] = (
    ("Full-Time", 5), ("Part-Time", 3), ("Full Time", 2), ("FT", 1), ("PT", 0.7), ("Contract", 2),
    ("Contract-to-Hire", 1), ("Temp", 1), ("Temporary", 0.7), ("Seasonal", 0.5),
    ("Temp-to-Perm", 0.7), ("W2", 0.3), ("1099", 0.3), ("Permanent", 0.5), ("Internship", 0.2),
)

EXPERIENCE: tuple[str, ...] = (
    "1+ Yrs Exp", "2+ Years Experience", "3+ Years Exp", "5+ Years Exp Required",
    "1 Year Exp Required", "No Experience Required", "Entry Level Welcome",
    "Experience Preferred", "New Grads Welcome", "Will Train", "Min. 2 Yrs Experience",
    "10+ Years",
)

PERKS: tuple[str, ...] = (
    "Sign-On Bonus", "$5,000 Sign-On Bonus", "$1,500 Sign-on Bonus", "Immediate Start",
    "Immediate Openings", "Urgent Hire", "Weekly Pay", "Great Benefits",
    "Competitive Pay & Benefits", "Paid Training", "Overtime Available", "401k Match",
    "Relocation Assistance", "Benefits Included", "Career Growth Opportunity",
    "Flexible Schedule", "Tuition Reimbursement", "Top Pay", "Daily Pay", "Great Pay & Benefits",
    "Bonus Eligible", "Equity", "PTO + Benefits", "Referral Bonus", "Competitive Salary",
    "Visa Sponsorship Available", "Union Benefits", "Full Benefits", "Top Pay + Overtime",
    "Flexible Hours", "Health, Dental & Vision", "Paid Time Off", "Great Tips & Benefits",
    "Growth Opportunities", "Competitive Pay", "Excellent Benefits", "Student Loan Assistance",
)
# Employer marketing that job boards keep in the title.
MARKETING: tuple[str, ...] = (
    "Join Our Team!", "Join Our Growing Team", "Great Team Environment", "Fast-Paced Environment",
    "Family-Owned Company", "Make a Difference!", "Exciting Opportunity", "Apply Today!",
    "Career Advancement", "Supportive Team", "Great Culture", "Work-Life Balance",
    "Stable Hours", "Leading Company", "Award-Winning Team", "Mission-Driven Organization",
)
TEAM_WORDS: tuple[str, ...] = (
    "Growing", "Dynamic", "Friendly", "Production", "Operations", "Service", "Field",
    "Maintenance", "Professional", "Award-Winning", "Local", "Expanding",
)
ADJECTIVES: tuple[tuple[str, float], ...] = (
    ("Experienced", 3), ("Skilled", 2), ("Dedicated", 1.5), ("Passionate", 1), ("Motivated", 1),
    ("Reliable", 1), ("Licensed", 0.7), ("Professional", 0.7), ("Dependable", 0.5),
    ("Detail-Oriented", 0.5), ("Energetic", 0.3), ("Friendly", 0.3), ("Full-Time", 2),
    ("Part-Time", 1), ("Bilingual", 0.7), ("Traveling", 0.4), ("Local", 0.5),
)
REGIONS: tuple[str, ...] = (
    "West Region", "Northeast Region", "Southeast", "Midwest", "Southern California", "Bay Area",
    "Greater Chicago Area", "Multiple Locations", "Nationwide", "Travel Required", "DFW Area",
    "Tri-State Area", "Pacific Northwest", "Central Florida", "Local Candidates Only",
)
INDUSTRIES: tuple[str, ...] = (
    "Manufacturing", "Healthcare", "Aerospace", "Automotive", "Energy", "Logistics", "Retail",
    "Hospitality", "Government", "Nonprofit", "Financial Services", "Construction",
    "Food & Beverage", "Pharmaceutical", "Oil & Gas", "Utilities", "Telecommunications",
    "Aerospace & Defense", "Medical Device", "Higher Education", "Real Estate", "Insurance",
)
SETTING_FORMS: tuple[tuple[str, float], ...] = (
    ("{x}", 6), ("{x} Team", 0.6), ("{x} Environment", 0.6), ("{x} Setting", 0.5),
    ("Join Our {x} Team!", 0.5),
)
INDUSTRY_FORMS: tuple[tuple[str, float], ...] = (
    ("{x}", 5), ("{x} Industry", 2), ("Leading {x} Company", 0.6), ("{x} Sector", 0.4),
)
WRAPPERS: tuple[tuple[str, float], ...] = (
    ("Now Hiring: {t}", 3), ("Hiring: {t}", 1.5), ("Hiring {t}", 1.5), ("{t} Needed", 3),
    ("{t} Wanted", 2), ("Urgent: {t} Needed", 1), ("Join Our Team as {a} {t}", 1.5),
    ("{t} Opportunity", 2), ("{t} Position Available", 1.5), ("Experienced {t} Wanted", 1.5),
    ("{t} - Join Our Growing Team!", 1.5), ("We're Hiring! {t}", 1), ("Seeking {a} {t}", 0.7),
    ("{t} (Immediate Need)", 0.7), ("{t} Job", 0.5), ("{t} Position", 1.5), ("{t} Role", 0.5),
    ("Become {a} {t}", 0.3), ("{t} - Apply Today!", 0.5), ("Hot Job: {t}", 0.3),
    ("Hiring Experienced {t}", 1), ("{t} Needed!", 1), ("Exciting {t} Opportunity", 0.7),
    ("Passionate {t} Wanted", 0.5), ("{t} Career Opportunity", 0.5),
    ("Immediate Opening: {t}", 0.7), ("{t} Wanted for Growing Company", 0.5),
)
JOB_CODE_FORMS: tuple[tuple[str, float], ...] = (
    (" - Req #{n5}", 2), (" (Req ID: {n6})", 1.5), (" Job ID {n5}", 1), (" #R-{n5}", 1),
    (" [JR{n6}]", 0.7), (" REQ-{n7}", 0.7), (" (#{n4})", 1), (" - Ref {n4}", 0.5),
    (" - {n5}", 0.5), (" Job #{yy}-{n4}", 0.5), (" R{n7}", 0.5), (" (Job Code {n3})", 0.3),
)

SEPARATORS: tuple[tuple[str, float], ...] = (
    (" - ", 6), (" – ", 2), (" | ", 2), (" / ", 0.7), (", ", 1.5), (" — ", 0.5), (" :: ", 0.1),
)
# fmt: on
