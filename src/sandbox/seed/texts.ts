/**
 * What the MSP's tickets are about and what technicians write in their time entries. Each issue
 * names its board's type, subtype and item (setup builds the boards' lists from these), a typical
 * effort in hours, the work notes a technician logs and the resolution.
 *
 * Placeholders: {user} contact first name, {userFull} full name, {device} a workstation, {server},
 * {firewall}, {printer}, {site} site name, {app} line-of-business application, {isp} internet provider.
 */
export type ServiceBoardKey = "helpdesk" | "network" | "alerts" | "onsite";
export type BoardKey = ServiceBoardKey | "projects";

export interface Issue {
  board: ServiceBoardKey;
  type: string;
  subType: string;
  item: string;
  summary: string;
  description: string;
  /** Median hours of work. */
  effort: number;
  work: readonly string[];
  resolution: string;
  /** Priorities 1–4 by weight; normal response when omitted. */
  priority?: readonly [number, number, number, number];
}

export const ISSUES: readonly Issue[] = [
  // --- Help Desk ----------------------------------------------------------------------------------
  {
    board: "helpdesk", type: "User Administration", subType: "Password Reset", item: "Request", effort: 0.25,
    summary: "Password reset for {userFull}", description: "{user} is locked out of their account after too many sign-in attempts and needs a password reset.",
    work: ["Verified {user}'s identity by callback, unlocked the AD account and set a temporary password; user signed in and changed it.", "Reset password in Entra ID and cleared the lockout; confirmed sign-in works on {device} and Outlook."],
    resolution: "Account unlocked and password reset; user confirmed access.",
  },
  {
    board: "helpdesk", type: "User Administration", subType: "New User", item: "Request", effort: 1.5,
    summary: "New user setup - {userFull}", description: "Please set up a new employee starting Monday: email, Microsoft 365 licence, file share access and a laptop.",
    work: ["Created AD account and Microsoft 365 mailbox for {userFull}, assigned Business Premium licence and added to department groups.", "Prepared {device} for the new hire: joined to domain, installed {app}, mapped drives and tested printing.", "Walked {user} through first sign-in, MFA enrolment in Authenticator and Teams setup."],
    resolution: "New user account, mailbox, licence and workstation ready; credentials handed to the office manager.",
  },
  {
    board: "helpdesk", type: "User Administration", subType: "Termination", item: "Request", effort: 1,
    summary: "Offboard {userFull} - last day Friday", description: "{userFull} is leaving the company. Please disable access at end of day Friday and forward their email to the office manager.",
    work: ["Disabled {userFull}'s AD and Entra accounts, revoked sessions, converted the mailbox to shared and set forwarding per request.", "Removed licences, exported OneDrive contents to the manager's folder and collected {device} for reimaging."],
    resolution: "User offboarded: accounts disabled, mailbox converted to shared, licence reclaimed.",
  },
  {
    board: "helpdesk", type: "Security", subType: "MFA", item: "Troubleshoot", effort: 0.5,
    summary: "MFA prompts not arriving for {user}", description: "{user} got a new phone and no longer receives the Microsoft Authenticator prompts.",
    work: ["Verified identity with {user}, cleared registered MFA methods in Entra ID and re-registered Authenticator on the new phone.", "Tested sign-in from {device} and OWA; MFA push now arrives and is approved."],
    resolution: "MFA methods re-registered on the new device.",
  },
  {
    board: "helpdesk", type: "Email", subType: "Outlook", item: "Troubleshoot", effort: 0.75,
    summary: "Outlook not syncing on {device}", description: "Outlook on {device} shows 'Disconnected' and new mail is not coming in since this morning.",
    work: ["Remoted into {device} via ScreenConnect, Outlook stuck on disconnected; rebuilt the OST and recreated the mail profile.", "Cleared cached credentials in Credential Manager and repaired Office; Outlook syncing again, confirmed with {user}."],
    resolution: "Rebuilt Outlook profile; mailbox syncing normally.",
  },
  {
    board: "helpdesk", type: "Email", subType: "Microsoft 365", item: "Configure", effort: 0.5,
    summary: "Shared mailbox access for {user}", description: "{user} needs access to the billing@ shared mailbox with send-as rights.",
    work: ["Granted full access and send-as on the billing shared mailbox in Exchange admin center for {user}.", "Mailbox auto-mapped in Outlook after restart; tested send-as from {device}."],
    resolution: "Shared mailbox permissions granted and verified.",
  },
  {
    board: "helpdesk", type: "Email", subType: "Spam/Phishing", item: "Troubleshoot", effort: 0.75, priority: [1, 4, 4, 1],
    summary: "Suspicious email reported by {user}", description: "{user} received an email asking to review an invoice via a link and clicked it before noticing the sender. Please check.",
    work: ["Reviewed message trace and headers: credential phishing from a spoofed vendor domain. Purged the message from all mailboxes.", "Reset {user}'s password, revoked sessions, reviewed sign-in logs (no foreign sign-ins) and added the sender domain to the block list."],
    resolution: "Phishing message purged tenant-wide, user credentials rotated, no compromise found.",
  },
  {
    board: "helpdesk", type: "Software", subType: "Line of Business App", item: "Troubleshoot", effort: 1.25,
    summary: "{app} crashing on launch for {user}", description: "{app} closes immediately after the splash screen on {device}. Other users are fine.",
    work: ["Reproduced the crash on {device}; event log shows a .NET runtime fault in {app}. Repaired the install and cleared the local cache folder.", "Contacted {app} vendor support, applied their hotfix for the latest Windows update and tested with {user}."],
    resolution: "Applied vendor hotfix and repaired {app}; application launching normally.",
  },
  {
    board: "helpdesk", type: "Software", subType: "Microsoft 365", item: "Install", effort: 0.75,
    summary: "Install Adobe Acrobat Pro for {user}", description: "{user} needs Acrobat Pro to edit PDFs. Licence was approved by the office manager.",
    work: ["Assigned an Acrobat Pro licence in the Adobe admin console and deployed the installer to {device} through the RMM.", "Signed {user} into Acrobat, set it as the default PDF handler and confirmed editing works."],
    resolution: "Acrobat Pro installed and licensed.",
  },
  {
    board: "helpdesk", type: "Software", subType: "Teams", item: "Troubleshoot", effort: 0.5,
    summary: "Teams audio not working in meetings", description: "{user} can't hear anyone in Teams meetings; the headset works in other apps.",
    work: ["Checked Teams device settings on {device}: it was using the disconnected dock speakers. Set the headset as default and cleared the Teams cache.", "Ran a Teams test call with {user}; audio in and out working."],
    resolution: "Corrected Teams audio devices and cleared cache.",
  },
  {
    board: "helpdesk", type: "Software", subType: "OneDrive", item: "Troubleshoot", effort: 0.75,
    summary: "OneDrive sync errors on {device}", description: "OneDrive shows a red X and says some files can't sync.",
    work: ["Found files with invalid characters and a path over 400 characters in the synced library; renamed them with {user}.", "Reset the OneDrive client on {device} and let it resync; sync status green."],
    resolution: "Renamed offending files and reset OneDrive; sync healthy.",
  },
  {
    board: "helpdesk", type: "Hardware", subType: "Workstation", item: "Troubleshoot", effort: 1,
    summary: "{device} running very slow", description: "{user}'s computer takes 10 minutes to start and programs freeze.",
    work: ["Reviewed {device} in the RMM: disk at 100% and 4 GB RAM. Removed startup bloat, ran disk cleanup and checked SMART status.", "Disk health degraded per SMART; scheduled an SSD replacement and set {user} up on a loaner meanwhile."],
    resolution: "Cleaned up startup items; SSD replacement quoted for the failing drive.",
  },
  {
    board: "helpdesk", type: "Hardware", subType: "Laptop", item: "Repair", effort: 1.25,
    summary: "Laptop docking station not detecting monitors", description: "{user}'s laptop no longer shows anything on the two external monitors when docked.",
    work: ["Updated dock firmware and display drivers on {device}; the dock's DisplayLink driver was outdated after a Windows update.", "Tested both monitors with {user}; extended displays working. Set the display layout as before."],
    resolution: "Updated dock firmware and drivers; monitors working.",
  },
  {
    board: "helpdesk", type: "Printing", subType: "Printer", item: "Troubleshoot", effort: 0.5,
    summary: "{printer} showing offline", description: "Nobody can print to {printer}; it shows offline on every computer.",
    work: ["{printer} had picked up a new DHCP address after a power outage. Set a reservation on {firewall} and updated the printer port on the print server.", "Printed test pages from two workstations; queue cleared."],
    resolution: "Printer IP reserved and ports updated; printing restored.",
  },
  {
    board: "helpdesk", type: "Printing", subType: "Scanner", item: "Configure", effort: 0.75,
    summary: "Scan to email not working on {printer}", description: "Scanning to email from the copier fails with an SMTP error.",
    work: ["The copier was using basic auth SMTP which Microsoft disabled. Configured an SMTP relay connector for the office IP in Exchange Online.", "Updated {printer} SMTP settings to the relay, tested scan to {user}'s mailbox successfully."],
    resolution: "Scan-to-email moved to an SMTP relay connector.",
  },
  {
    board: "helpdesk", type: "Network", subType: "VPN", item: "Troubleshoot", effort: 0.75,
    summary: "VPN not connecting from home for {user}", description: "{user} can't connect to the VPN from home; it times out.",
    work: ["FortiClient on {device} was on an old version with a certificate mismatch; upgraded it and reimported the VPN profile.", "{user} connected from home and reached the file shares; confirmed with a test."],
    resolution: "VPN client upgraded and profile reimported.",
  },
  {
    board: "helpdesk", type: "Network", subType: "File Share", item: "Configure", effort: 0.5,
    summary: "Access to the Accounting share for {user}", description: "{user} moved to accounting and needs access to the Accounting folder.",
    work: ["Added {user} to the Accounting security group after approval from the controller; confirmed NTFS permissions on {server}.", "Had {user} sign out and back in; mapped drive now shows the Accounting folder."],
    resolution: "Group membership updated; access verified.",
  },
  // --- Network Operations -------------------------------------------------------------------------
  {
    board: "network", type: "Firewall", subType: "Firmware", item: "Upgrade", effort: 2,
    summary: "Firmware upgrade on {firewall}", description: "Scheduled maintenance: upgrade {firewall} to the current recommended firmware.",
    work: ["Backed up the {firewall} config, reviewed release notes and the upgrade path; staged firmware for the after-hours window.", "Upgraded {firewall} firmware, verified VPN tunnels, SD-WAN rules and client internet access after reboot."],
    resolution: "Firmware upgraded; all tunnels and policies verified.",
    priority: [0, 1, 3, 6],
  },
  {
    board: "network", type: "Network", subType: "Switching", item: "Troubleshoot", effort: 2.5,
    summary: "Intermittent network drops at {site}", description: "Several users at {site} lose network connectivity for a minute or two a few times a day.",
    work: ["Reviewed switch logs: a port is flapping and spanning tree is reconverging on the core switch. Traced it to a loop from an unmanaged desk switch.", "Enabled BPDU guard on access ports, removed the unmanaged switch and monitored; no drops since."],
    resolution: "Removed the network loop and enabled BPDU guard on access ports.",
    priority: [1, 4, 5, 0],
  },
  {
    board: "network", type: "Network", subType: "Internet", item: "Troubleshoot", effort: 1.5, priority: [3, 5, 2, 0],
    summary: "Internet down at {site}", description: "The whole office at {site} has no internet access.",
    work: ["Confirmed WAN down on {firewall}; modem showed no sync. Opened a ticket with {isp} and failed over to the LTE backup.", "{isp} replaced a failed line card upstream; primary WAN back up, failover returned to primary and monitored for an hour."],
    resolution: "ISP repaired the circuit; failover restored to primary.",
  },
  {
    board: "network", type: "Wireless", subType: "Wi-Fi", item: "Troubleshoot", effort: 1.5,
    summary: "Wi-Fi dropping in the conference room", description: "Laptops keep dropping off Wi-Fi in the main conference room during meetings.",
    work: ["Ran a site survey of the conference room: co-channel interference from a neighbour. Adjusted channel plan and transmit power on the APs.", "Enabled band steering and checked client roaming; {user} reports stable connections in today's meeting."],
    resolution: "Channel plan adjusted and band steering enabled.",
  },
  {
    board: "network", type: "Server", subType: "Windows Server", item: "Maintenance", effort: 2, priority: [0, 1, 3, 6],
    summary: "Monthly patching and reboot of {server}", description: "Apply this month's cumulative updates to {server} in the maintenance window.",
    work: ["Checked backups before patching, installed the cumulative update on {server} and rebooted in the maintenance window.", "Verified services, shares and the line-of-business database came back after the reboot; patch status compliant."],
    resolution: "Server patched and services verified.",
  },
  {
    board: "network", type: "Server", subType: "Active Directory", item: "Troubleshoot", effort: 2,
    summary: "Group policy not applying to workstations", description: "New drive mappings and the screensaver policy are not reaching the workstations.",
    work: ["gpresult shows the GPO filtered out: security filtering had been changed to a single group. Restored Authenticated Users read permissions.", "Checked DFSR SYSVOL replication between the domain controllers and forced gpupdate on a sample of machines; policies applying."],
    resolution: "GPO security filtering corrected; SYSVOL replication healthy.",
  },
  {
    board: "network", type: "Backup", subType: "Backup", item: "Troubleshoot", effort: 1.5,
    summary: "Backups failing for {server}", description: "The nightly backup of {server} has failed three nights in a row.",
    work: ["Backup job failing on VSS writer timeout on {server}; restarted the SQL VSS writer and cleared old shadow copies.", "Ran a manual backup successfully, verified a test restore of a file and re-enabled the schedule."],
    resolution: "VSS writers repaired; backups succeeding and restore tested.",
  },
  {
    board: "network", type: "Security", subType: "Firewall Rules", item: "Configure", effort: 1,
    summary: "Open port for new camera system at {site}", description: "The camera installer needs remote access to the new NVR at {site}.",
    work: ["Reviewed the request with {user}; created a restricted port forward on {firewall} limited to the vendor's static IP and documented it.", "Tested access with the camera vendor; rule logged and added to the firewall documentation."],
    resolution: "Restricted rule created for the camera vendor.",
  },
  {
    board: "network", type: "Network", subType: "DNS", item: "Configure", effort: 0.75,
    summary: "Update DNS records for new website", description: "Our web designer needs the A and CNAME records pointed at the new host.",
    work: ["Updated A and CNAME records at the registrar per the web designer's instructions and lowered TTLs beforehand.", "Verified propagation and SSL on the new site; confirmed MX and SPF records unchanged."],
    resolution: "DNS records updated and verified.",
  },
  // --- Alerts -------------------------------------------------------------------------------------
  {
    board: "alerts", type: "Monitoring Alert", subType: "Disk Space", item: "Alert", effort: 0.5, priority: [0, 2, 6, 2],
    summary: "[RMM] Low disk space on {server} C:", description: "Automate monitor: free space on C: of {server} is below 10% (8.2 GB free).",
    work: ["Cleared WinSxS component store, old IIS logs and temp folders on {server}; freed 18 GB on C:.", "Moved the SQL backup target off C: and adjusted log retention so the alert does not recur."],
    resolution: "Disk space recovered and log retention adjusted.",
  },
  {
    board: "alerts", type: "Monitoring Alert", subType: "Offline", item: "Alert", effort: 0.5, priority: [1, 5, 3, 0],
    summary: "[RMM] Server offline: {server}", description: "Automate monitor: agent on {server} has not checked in for 15 minutes.",
    work: ["{server} unresponsive after a Windows update hung at reboot. Connected through the iDRAC console and completed the restart.", "Verified services and agent check-in after restart; reviewed update history and set a maintenance window."],
    resolution: "Server restarted through out-of-band management; agent checking in.",
  },
  {
    board: "alerts", type: "Monitoring Alert", subType: "Service Stopped", item: "Alert", effort: 0.25, priority: [0, 3, 5, 2],
    summary: "[RMM] Service stopped: Print Spooler on {server}", description: "Automate monitor: the Print Spooler service on {server} is stopped.",
    work: ["Restarted the Print Spooler on {server}, cleared a stuck job from the queue and confirmed the service stays running."],
    resolution: "Service restarted and stuck job cleared.",
  },
  {
    board: "alerts", type: "Backup Alert", subType: "Backup Failed", item: "Alert", effort: 0.75, priority: [0, 3, 6, 1],
    summary: "[Backup] Job failed: {server} nightly image", description: "Backup appliance reports the nightly image of {server} failed: snapshot could not be created.",
    work: ["Reviewed the backup agent log on {server}: snapshot failed on low shadow storage. Increased shadow storage and reran the job successfully."],
    resolution: "Shadow storage increased; backup completed.",
  },
  {
    board: "alerts", type: "Security Alert", subType: "AV Detection", item: "Alert", effort: 0.75, priority: [1, 5, 3, 0],
    summary: "[EDR] Threat quarantined on {device}", description: "EDR quarantined a potentially unwanted program on {device} (user {user}).",
    work: ["Reviewed the EDR detection on {device}: a bundled browser extension from a free PDF tool. Confirmed quarantine, removed the app and ran a full scan.", "Checked the user's browsers for other extensions and reminded {user} about installing software; no further detections."],
    resolution: "Threat quarantined and software removed; full scan clean.",
  },
  {
    board: "alerts", type: "Monitoring Alert", subType: "CPU", item: "Alert", effort: 0.5, priority: [0, 2, 6, 2],
    summary: "[RMM] CPU above 90% on {server}", description: "Automate monitor: CPU on {server} averaged over 90% for 30 minutes.",
    work: ["High CPU on {server} from the antivirus full scan overlapping the SQL maintenance job; moved the scan schedule to the weekend."],
    resolution: "Rescheduled the overlapping scan; CPU back to normal.",
  },
  {
    board: "alerts", type: "Patch Alert", subType: "Patch Failed", item: "Alert", effort: 0.5, priority: [0, 1, 5, 4],
    summary: "[RMM] Patch install failed on {device}", description: "Automate patching: the cumulative update failed to install on {device} (0x800f0922).",
    work: ["Ran the Windows Update troubleshooter and DISM restorehealth on {device}, cleared SoftwareDistribution and reinstalled the update successfully."],
    resolution: "Update installed after repairing the component store.",
  },
  // --- Onsite -------------------------------------------------------------------------------------
  {
    board: "onsite", type: "Installation", subType: "Workstation", item: "Install", effort: 3,
    summary: "Onsite: install new workstations at {site}", description: "Three new workstations arrived at {site}; please install them and move users' data.",
    work: ["Onsite at {site}: unboxed and set up the new workstations, joined them to the domain and installed {app}.", "Migrated user profiles and data from the old machines, set up printers and verified with each user; old units labelled for disposal."],
    resolution: "Workstations deployed and users migrated.",
  },
  {
    board: "onsite", type: "Cabling", subType: "Network Drop", item: "Install", effort: 3,
    summary: "Onsite: add network drops in the back office", description: "We are adding two desks in the back office and need network drops.",
    work: ["Onsite: ran two Cat6 drops from the IDF to the back office, terminated and labelled both ends and tested with the cable certifier.", "Patched the new drops into the switch, assigned the correct VLAN and tested connectivity from both desks."],
    resolution: "New drops installed, certified and patched.",
  },
  {
    board: "onsite", type: "Hardware Repair", subType: "UPS", item: "Replace", effort: 2,
    summary: "Onsite: replace UPS battery in the server closet", description: "The UPS in the server closet is beeping and reports a battery fault.",
    work: ["Onsite at {site}: replaced the UPS battery pack hot-swap, ran a self-test and recalibrated runtime.", "Verified the UPS network card reports to the RMM and shutdown agents are configured on {server}."],
    resolution: "UPS battery replaced and self-test passed.",
  },
  {
    board: "onsite", type: "Site Visit", subType: "Scheduled Visit", item: "Visit", effort: 4,
    summary: "Onsite: monthly site visit at {site}", description: "Monthly onsite visit: user requests, rack check and hardware review.",
    work: ["Monthly visit at {site}: worked through the user request list, tidied the rack and checked UPS and switch health.", "Met with {user} to review open items and upcoming hardware replacements; notes added to the account."],
    resolution: "Site visit completed; follow-ups logged.",
    priority: [0, 0, 2, 8],
  },
  {
    board: "onsite", type: "Hardware Repair", subType: "Printer", item: "Repair", effort: 2,
    summary: "Onsite: {printer} paper jams and streaks", description: "{printer} keeps jamming and prints have streaks down the page.",
    work: ["Onsite: replaced the fuser and pickup rollers on {printer}, cleaned the paper path and ran a calibration.", "Printed 50-page test run without jams; streaks gone."],
    resolution: "Fuser and rollers replaced; printing cleanly.",
  },
  {
    board: "onsite", type: "Installation", subType: "Conference Room", item: "Install", effort: 3,
    summary: "Onsite: set up Teams Room in the conference room", description: "Please install and configure the new Teams Room kit in the main conference room.",
    work: ["Onsite: mounted the Teams Room bar and touch console, ran HDMI and network, and created the resource account in Microsoft 365.", "Configured the room calendar processing and tested a meeting with {user}; trained staff on joining meetings."],
    resolution: "Teams Room installed and tested.",
  },
];

export const APPS = ["QuickBooks Enterprise", "Dentrix", "Eaglesoft", "Clio", "Sage 100", "AutoCAD", "Procore", "Yardi", "Epicor", "PracticePanther", "Lacerte", "Open Dental", "Bluebeam Revu", "Avimark"] as const;
export const ISPS = ["Spectrum Business", "Frontier", "Comcast Business", "AT&T Business", "WOW! Business"] as const;

/** Notes when a member's day has time the queue did not fill: internal charge codes. */
export const INTERNAL_WORK: Record<string, readonly string[]> = {
  admin: [
    "Reviewed the service board queue, updated ticket statuses and followed up on tickets waiting on clients.",
    "Updated IT Glue documentation for recently changed client networks and passwords.",
    "Cleaned up RMM alert thresholds and monitor templates to reduce noise.",
    "Tested backup restores for the monthly DR verification checklist.",
    "Reviewed patch compliance reports across managed clients and rescheduled failed installs.",
  ],
  meeting: [
    "Weekly service team meeting: reviewed SLA report, escalations and upcoming projects.",
    "Daily stand-up with the service desk and dispatch planning for today's tickets.",
    "One-on-one with service manager: ticket quality and certification plan.",
  ],
  training: [
    "Microsoft Intune training module: compliance policies and Autopilot profiles.",
    "Fortinet NSE 4 study: SD-WAN and IPsec VPN labs.",
    "Security awareness refresher and phishing simulation review.",
  ],
};

export const PROJECT_WORK = [
  "Worked through the project task list: {task}. Updated the project notes and the client's documentation.",
  "Continued {task}; tested with the client contact and logged remaining items for the next session.",
  "Completed {task} and verified the result with {user}; updated the runbook.",
  "Prepared and staged configuration for {task}; reviewed the change plan with the project manager.",
] as const;

/** Time entry notes that fail the "≥ 20 characters, not boilerplate" rule (research §8.1 V3). */
export const BAD_NOTES = ["", "fixed", "done", "worked on ticket", "see ticket", "wip", "called user", "n/a"] as const;

export interface ProjectTemplate {
  name: string;
  type: string;
  phases: readonly { description: string; tickets: readonly string[] }[];
}

export const PROJECT_TEMPLATES: readonly ProjectTemplate[] = [
  {
    name: "Microsoft 365 Migration", type: "Migration",
    phases: [
      { description: "Discovery & Planning", tickets: ["Inventory mailboxes, shared mailboxes and distribution lists", "Review DNS, licensing and migration cutover plan"] },
      { description: "Tenant Preparation", tickets: ["Configure tenant, domains and security defaults", "Set up Entra Connect and license assignment", "Configure conditional access and MFA"] },
      { description: "Mailbox Migration", tickets: ["Pre-stage mailbox data with the migration tool", "Migrate shared mailboxes and permissions", "Final delta sync and MX cutover"] },
      { description: "Post-Migration Support", tickets: ["Reconfigure Outlook profiles and mobile devices", "Hypercare support and issue triage", "Decommission the old mail system"] },
    ],
  },
  {
    name: "Server Replacement", type: "Infrastructure Upgrade",
    phases: [
      { description: "Planning & Procurement", tickets: ["Size replacement host and storage", "Order server hardware and licences"] },
      { description: "Build & Configure", tickets: ["Rack and cable the new host", "Install Hyper-V and configure storage", "Build new domain controller and file server VMs"] },
      { description: "Migration", tickets: ["Migrate file shares and permissions", "Move line-of-business database", "Transfer FSMO roles and DHCP"] },
      { description: "Closeout", tickets: ["Decommission the old server", "Update documentation and backup jobs"] },
    ],
  },
  {
    name: "Firewall & Network Refresh", type: "Infrastructure Upgrade",
    phases: [
      { description: "Design", tickets: ["Document current network and VLANs", "Design new firewall policy and VPN"] },
      { description: "Deployment", tickets: ["Pre-configure firewall and switches", "After-hours cutover to new firewall", "Replace access switches"] },
      { description: "Validation", tickets: ["Test VPN, VoIP and guest Wi-Fi", "Update network documentation"] },
    ],
  },
  {
    name: "Windows 11 Rollout", type: "Deployment",
    phases: [
      { description: "Readiness", tickets: ["Hardware compatibility assessment", "Application compatibility testing"] },
      { description: "Pilot", tickets: ["Upgrade pilot group workstations", "Collect pilot feedback and fix issues"] },
      { description: "Rollout", tickets: ["Upgrade remaining workstations in waves", "Replace incompatible machines"] },
    ],
  },
  {
    name: "Office Relocation", type: "Relocation",
    phases: [
      { description: "Site Survey & Planning", tickets: ["Survey new office cabling and power", "Coordinate ISP install at new site"] },
      { description: "Build-out", tickets: ["Install rack, firewall and switches at new site", "Install wireless access points"] },
      { description: "Move Weekend", tickets: ["Move and reconnect workstations and printers", "Test phones, printers and internet at new site"] },
      { description: "Post-Move Support", tickets: ["Monday morning onsite support", "Close out punch list"] },
    ],
  },
  {
    name: "Backup & DR Implementation", type: "Implementation",
    phases: [
      { description: "Design", tickets: ["Define RPO/RTO with stakeholders", "Design backup retention and offsite replication"] },
      { description: "Implementation", tickets: ["Install backup appliance", "Configure agents and schedules", "Configure cloud replication"] },
      { description: "Testing", tickets: ["Perform test restores and virtualization test", "Document DR runbook"] },
    ],
  },
  {
    name: "Managed Services Onboarding", type: "Onboarding",
    phases: [
      { description: "Discovery", tickets: ["Collect credentials and documentation", "Network and asset discovery scan"] },
      { description: "Tooling", tickets: ["Deploy RMM and EDR agents", "Configure backup monitoring and alerting", "Set up patch policies"] },
      { description: "Remediation", tickets: ["Remediate critical security findings", "Standardise local admin and password policies"] },
    ],
  },
  {
    name: "Intune & Autopilot Deployment", type: "Implementation",
    phases: [
      { description: "Planning", tickets: ["Define device compliance and configuration baselines", "Plan enrolment for existing devices"] },
      { description: "Configuration", tickets: ["Configure Autopilot profiles and ESP", "Build app deployment packages", "Configure Windows Update rings"] },
      { description: "Enrolment", tickets: ["Enrol existing devices", "Train staff on self-service provisioning"] },
    ],
  },
];
