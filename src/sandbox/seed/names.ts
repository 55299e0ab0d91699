/**
 * Name lists for an MSP in the Tampa Bay area: people, client businesses by market, vendors, places.
 * Phone numbers use the fictional 555-01xx range.
 */

export const FIRST_NAMES = [
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara",
  "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Christopher", "Karen", "Charles", "Lisa", "Daniel", "Nancy",
  "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Margaret", "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily",
  "Paul", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah",
  "Timothy", "Stephanie", "Ronald", "Dorothy", "Jason", "Rebecca", "Edward", "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia",
  "Jacob", "Amy", "Gary", "Kathleen", "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Brenda", "Stephen", "Emma",
  "Larry", "Anna", "Justin", "Pamela", "Scott", "Nicole", "Brandon", "Samantha", "Benjamin", "Katherine", "Samuel", "Christine",
  "Gregory", "Helen", "Alexander", "Debra", "Patrick", "Rachel", "Frank", "Carolyn", "Raymond", "Janet", "Jack", "Maria",
  "Dennis", "Catherine", "Jerry", "Heather", "Tyler", "Diane", "Aaron", "Olivia", "Jose", "Julie", "Adam", "Joyce",
  "Nathan", "Victoria", "Henry", "Ruth", "Zachary", "Virginia", "Douglas", "Lauren", "Peter", "Kelly", "Kyle", "Christina",
  "Noah", "Joan", "Ethan", "Evelyn", "Jeremy", "Judith", "Christian", "Andrea", "Walter", "Hannah", "Keith", "Megan",
  "Austin", "Cheryl", "Roger", "Jacqueline", "Terry", "Martha", "Sean", "Madison", "Gerald", "Teresa", "Carl", "Gloria",
  "Dylan", "Sara", "Harold", "Janice", "Jordan", "Ann", "Jesse", "Kathryn", "Bryan", "Abigail", "Lawrence", "Sophia",
  "Arthur", "Frances", "Gabriel", "Jean", "Bruce", "Alice", "Logan", "Judy", "Billy", "Isabella", "Joe", "Julia",
  "Alan", "Grace", "Juan", "Amber", "Elijah", "Denise", "Willie", "Danielle", "Albert", "Marilyn", "Wayne", "Beverly",
  "Randy", "Charlotte", "Mason", "Natalie", "Vincent", "Theresa", "Liam", "Diana", "Roy", "Brittany", "Bobby", "Doris",
  "Caleb", "Kayla", "Bradley", "Alexis", "Russell", "Lori", "Lucas", "Marie", "Priya", "Mei", "Carlos", "Ana", "Luis",
  "Sofia", "Diego", "Camila", "Omar", "Aisha", "Ravi", "Yuki", "Hiro", "Chen", "Fatima", "Mateo", "Lucia", "Andre", "Keisha",
] as const;

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez",
  "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
  "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
  "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
  "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
  "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey",
  "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez", "Wood", "James",
  "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long",
  "Ross", "Foster", "Jimenez", "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson",
  "Barnes", "Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander", "Hamilton", "Graham",
  "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson", "Ellis", "Tran",
  "Medina", "Aguilar", "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez", "McDonald",
  "Woods", "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb", "Tucker", "Guzman", "Burns",
  "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Mendez", "Silva", "Shaw", "Snyder", "Mason", "Dixon",
  "Munoz", "Hunt", "Hicks", "Holmes", "Palmer", "Wagner", "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox",
  "Warren", "Mills", "Meyer", "Rice", "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens", "Soto", "Weaver",
  "Ryan", "Gardner", "Payne", "Grant", "Dunn", "Kelley", "Spencer", "Hawkins", "Arnold", "Pierce", "Hansen", "Peters",
  "Santos", "Hart", "Bradley", "Knight", "Elliott", "Cunningham", "Duncan", "Armstrong", "Hudson", "Carroll", "Lane",
  "Riley", "Andrews", "Ray", "Berry", "Perkins", "Hoffman", "Johnston", "Matthews", "Pena", "Richards", "Contreras",
  "Willis", "Carpenter", "Lawrence", "Sandoval", "O'Brien", "Kowalski", "Nakamura", "Okafor", "Lindqvist", "Dubois",
] as const;

/** Name stems for client businesses: places, landmarks and local flavour. */
export const COMPANY_STEMS = [
  "Harbor Point", "Bayside", "Summit Ridge", "Cypress Creek", "Pinecrest", "Magnolia", "Gulfview", "Riverbend", "Oakridge",
  "Sawgrass", "Palmetto", "Coastal", "Suncoast", "Keystone", "Meridian", "Crestview", "Lakeshore", "Evergreen", "Silver Oak",
  "Granite", "Horizon", "Pelican Bay", "Seabreeze", "Heritage", "Liberty", "Pioneer", "Sterling", "Beacon", "Anchor",
  "Compass Rose", "Northstar", "Redwood", "Willow Creek", "Fox Hollow", "Brookside", "Clearwater Bay", "Fairway", "Highland",
  "Cedar Grove", "Mangrove", "Osprey", "Heron Point", "Egret", "Manatee", "Tarpon", "Sandpiper", "Island Breeze", "Bay Harbor",
  "Westshore", "Hyde Park", "Davis Islands", "Channelside", "Ybor", "Seminole Heights", "Palma Ceia", "Carrollwood", "Lutz",
  "Wesley Chapel", "Brandon", "Riverview", "Apollo Beach", "Ruskin", "Sun City", "Valrico", "Fishhawk", "Land O'Lakes",
  "Odessa", "Citrus Park", "Westchase", "Oldsmar", "Safety Harbor", "Dunedin", "Palm Harbor", "Tarpon Springs", "Largo",
  "Seminole", "Pinellas", "Gulfport", "Treasure Island", "Madeira", "Indian Rocks", "Belleair", "Lakewood Ranch", "Longboat",
  "Siesta", "Venice", "Englewood", "Punta Gorda", "Lakeland", "Winter Haven", "Bartow", "Plant City", "Zephyrhills",
  "Dade City", "Brooksville", "Spring Hill", "Hernando", "Citrus", "Crystal River", "Ocala", "Gainesville", "Orange Blossom",
  "Sunshine", "Gulfstream", "Tidewater Bay", "Driftwood", "Shoreline", "Bluffs", "Canopy", "Live Oak", "Spanish Moss",
  "Kessler & Reyes", "Whitman", "Donnelly", "Abernathy", "Castellano", "Pruitt", "Vanderbilt", "Okafor", "Lindqvist",
  "Marchetti", "Halvorsen", "Brennan", "Delgado", "Fitzgerald", "Harrington", "Iverson", "Jacoby", "Kirkland", "Lockhart",
  "Montague", "Navarro", "Oyelaran", "Prescott", "Quintero", "Rutledge", "Sorensen", "Thornton", "Underwood", "Valencia",
  "Whitfield", "Yarborough", "Zeller", "Ashford", "Blackwood", "Calloway", "Dunmore", "Ellington", "Fairchild", "Galloway",
  "Hollister", "Ingram", "Jennings", "Kensington", "Langford", "Merriweather", "Northcutt", "Oakley", "Pemberton", "Ramsey",
  "Stanhope", "Trevino", "Upton", "Vaughn", "Winslow", "Archer", "Bellamy", "Crenshaw", "Dalton", "Emerson", "Finch",
] as const;

export type MarketKey =
  | "Healthcare" | "Legal" | "Financial Services" | "Manufacturing" | "Construction" | "Real Estate" | "Non-Profit"
  | "Hospitality" | "Professional Services" | "Education" | "Logistics";

/** Business-name endings by market, with how common the market is among an MSP's clients. */
export const MARKETS: readonly { market: MarketKey; weight: number; suffixes: readonly string[]; employees: [number, number] }[] = [
  { market: "Healthcare", weight: 16, suffixes: ["Dental Group", "Family Medicine", "Pediatrics", "Orthodontics", "Physical Therapy", "Veterinary Clinic", "Eye Care", "Dermatology", "Urgent Care", "Chiropractic"], employees: [8, 90] },
  { market: "Legal", weight: 10, suffixes: ["Law Group", "Legal, P.A.", "& Associates", "Law Firm", "Title Services"], employees: [5, 60] },
  { market: "Financial Services", weight: 12, suffixes: ["CPA Group", "Wealth Advisors", "Insurance Agency", "Credit Union", "Tax & Accounting", "Financial Partners", "Mortgage"], employees: [5, 120] },
  { market: "Manufacturing", weight: 9, suffixes: ["Manufacturing", "Fabrication", "Precision Machining", "Plastics", "Industries", "Metalworks"], employees: [20, 250] },
  { market: "Construction", weight: 10, suffixes: ["Builders", "Construction", "Roofing", "Electric", "Plumbing & Air", "Landscaping", "Contracting"], employees: [10, 150] },
  { market: "Real Estate", weight: 8, suffixes: ["Realty", "Property Management", "Title & Escrow", "Properties", "Homes"], employees: [5, 70] },
  { market: "Non-Profit", weight: 7, suffixes: ["Community Foundation", "Food Bank", "Humane Society", "Youth Services", "Habitat Alliance"], employees: [5, 80] },
  { market: "Hospitality", weight: 6, suffixes: ["Marine Supply", "Inn & Suites", "Brewing Co.", "Outfitters", "Seafood Grill", "Yacht Club"], employees: [10, 120] },
  { market: "Professional Services", weight: 12, suffixes: ["Engineering", "Architects", "Consulting", "Marketing", "Staffing", "Surveying"], employees: [5, 100] },
  { market: "Education", weight: 5, suffixes: ["Academy", "Montessori School", "Preparatory School", "Learning Center"], employees: [15, 140] },
  { market: "Logistics", weight: 5, suffixes: ["Logistics", "Freight", "Distribution", "Moving & Storage"], employees: [15, 200] },
];

export const OWN_COMPANY = {
  identifier: "TidewaterTech",
  name: "Tidewater Technology Partners",
  domain: "tidewatertech.com",
  addressLine1: "4110 George Rd",
  addressLine2: "Suite 300",
  city: "Tampa",
  state: "FL",
  zip: "33634",
  phone: "(813) 555-0100",
} as const;

export interface VendorInfo {
  identifier: string;
  name: string;
  domain: string;
  city: string;
  state: string;
  zip: string;
  phone: string;
}

/** Distributors and manufacturers an MSP buys from, most important first. */
export const VENDORS: readonly VendorInfo[] = [
  { identifier: "IngramMicro", name: "Ingram Micro", domain: "ingrammicro.com", city: "Irvine", state: "CA", zip: "92612", phone: "(714) 555-0110" },
  { identifier: "Pax8", name: "Pax8", domain: "pax8.com", city: "Greenwood Village", state: "CO", zip: "80111", phone: "(855) 555-0120" },
  { identifier: "DellTechnologies", name: "Dell Technologies", domain: "dell.com", city: "Round Rock", state: "TX", zip: "78682", phone: "(800) 555-0130" },
  { identifier: "TDSynnex", name: "TD SYNNEX", domain: "tdsynnex.com", city: "Clearwater", state: "FL", zip: "33760", phone: "(727) 555-0140" },
  { identifier: "Microsoft", name: "Microsoft Corporation", domain: "microsoft.com", city: "Redmond", state: "WA", zip: "98052", phone: "(425) 555-0150" },
  { identifier: "CDW", name: "CDW", domain: "cdw.com", city: "Vernon Hills", state: "IL", zip: "60061", phone: "(800) 555-0160" },
  { identifier: "AmazonBusiness", name: "Amazon Business", domain: "amazon.com", city: "Seattle", state: "WA", zip: "98109", phone: "(888) 555-0170" },
  { identifier: "Datto", name: "Datto", domain: "datto.com", city: "Norwalk", state: "CT", zip: "06854", phone: "(888) 555-0180" },
  { identifier: "CiscoMeraki", name: "Cisco Meraki", domain: "meraki.com", city: "San Francisco", state: "CA", zip: "94158", phone: "(415) 555-0190" },
  { identifier: "Ubiquiti", name: "Ubiquiti Inc.", domain: "ui.com", city: "New York", state: "NY", zip: "10017", phone: "(646) 555-0111" },
  { identifier: "Lenovo", name: "Lenovo", domain: "lenovo.com", city: "Morrisville", state: "NC", zip: "27560", phone: "(919) 555-0121" },
  { identifier: "HPInc", name: "HP Inc.", domain: "hp.com", city: "Palo Alto", state: "CA", zip: "94304", phone: "(650) 555-0131" },
  { identifier: "Fortinet", name: "Fortinet", domain: "fortinet.com", city: "Sunnyvale", state: "CA", zip: "94086", phone: "(408) 555-0141" },
  { identifier: "SpectrumBusiness", name: "Spectrum Business", domain: "spectrum.com", city: "Tampa", state: "FL", zip: "33607", phone: "(813) 555-0151" },
  { identifier: "APC", name: "APC by Schneider Electric", domain: "apc.com", city: "West Kingston", state: "RI", zip: "02892", phone: "(401) 555-0161" },
];

export interface CityInfo {
  city: string;
  state: string;
  zip: string;
  area: string;
}

export const CITIES: readonly CityInfo[] = [
  { city: "Tampa", state: "FL", zip: "33602", area: "813" },
  { city: "Tampa", state: "FL", zip: "33607", area: "813" },
  { city: "Tampa", state: "FL", zip: "33609", area: "813" },
  { city: "Tampa", state: "FL", zip: "33618", area: "813" },
  { city: "Tampa", state: "FL", zip: "33634", area: "813" },
  { city: "St. Petersburg", state: "FL", zip: "33701", area: "727" },
  { city: "St. Petersburg", state: "FL", zip: "33716", area: "727" },
  { city: "Clearwater", state: "FL", zip: "33755", area: "727" },
  { city: "Clearwater", state: "FL", zip: "33762", area: "727" },
  { city: "Largo", state: "FL", zip: "33770", area: "727" },
  { city: "Palm Harbor", state: "FL", zip: "34683", area: "727" },
  { city: "Dunedin", state: "FL", zip: "34698", area: "727" },
  { city: "Tarpon Springs", state: "FL", zip: "34689", area: "727" },
  { city: "Brandon", state: "FL", zip: "33511", area: "813" },
  { city: "Riverview", state: "FL", zip: "33569", area: "813" },
  { city: "Wesley Chapel", state: "FL", zip: "33544", area: "813" },
  { city: "Lutz", state: "FL", zip: "33549", area: "813" },
  { city: "Plant City", state: "FL", zip: "33563", area: "813" },
  { city: "Lakeland", state: "FL", zip: "33801", area: "863" },
  { city: "Winter Haven", state: "FL", zip: "33880", area: "863" },
  { city: "Sarasota", state: "FL", zip: "34236", area: "941" },
  { city: "Bradenton", state: "FL", zip: "34205", area: "941" },
  { city: "Lakewood Ranch", state: "FL", zip: "34202", area: "941" },
  { city: "Venice", state: "FL", zip: "34285", area: "941" },
  { city: "Orlando", state: "FL", zip: "32801", area: "407" },
  { city: "Winter Park", state: "FL", zip: "32789", area: "407" },
  { city: "Kissimmee", state: "FL", zip: "34741", area: "407" },
  { city: "Ocala", state: "FL", zip: "34471", area: "352" },
  { city: "Brooksville", state: "FL", zip: "34601", area: "352" },
  { city: "Spring Hill", state: "FL", zip: "34606", area: "352" },
];

export const STREETS = [
  "Bay Shore Blvd", "N Dale Mabry Hwy", "W Kennedy Blvd", "E Fowler Ave", "Gandy Blvd", "Central Ave", "4th St N",
  "Gulf to Bay Blvd", "US Highway 19 N", "W Fletcher Ave", "Bearss Ave", "W Busch Blvd", "W Hillsborough Ave",
  "N Westshore Blvd", "W Cypress St", "Channelside Dr", "Harbour Island Blvd", "Ulmerton Rd", "Main St", "Park Blvd",
  "Tyrone Blvd N", "Bloomingdale Ave", "W Brandon Blvd", "Lithia Pinecrest Rd", "S Howard Ave", "N Florida Ave",
  "Seminole Blvd", "East Bay Dr", "McMullen Booth Rd", "Tampa Rd", "State Road 54", "Bruce B Downs Blvd", "Van Dyke Rd",
  "Gunn Hwy", "Sheldon Rd", "Memorial Hwy", "S Tamiami Trl", "Cortez Rd W", "Manatee Ave W", "University Pkwy",
  "S Florida Ave", "Harden Blvd", "E Colonial Dr", "N Orange Ave", "W Fairbanks Ave", "SW College Rd",
] as const;

/** Job titles at client businesses, the first ones for the main contact. */
export const CONTACT_TITLES = [
  "Office Manager", "Practice Administrator", "Operations Manager", "Controller", "Owner", "President", "Managing Partner",
  "Executive Assistant", "Receptionist", "Bookkeeper", "HR Manager", "Project Manager", "Sales Manager", "Paralegal",
  "Accountant", "Estimator", "Dental Hygienist", "Billing Specialist", "Marketing Coordinator", "Warehouse Supervisor",
  "Associate", "Engineer", "Customer Service Representative", "Nurse Practitioner", "Office Assistant",
] as const;
