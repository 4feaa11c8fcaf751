# Organizations and information-sharing channels.
#
# Government centres, ISACs and CERTs are real bodies under their own names:
# NISC and its Government Security Operation Coordination team (GSOC); JPCERT/CC;
# ICT-ISAC Japan; Financials ISAC Japan; JE-ISAC; CISA, whose National
# Cybersecurity and Communications Integration Center (NCCIC) is the U.S.
# operational counterpart; E-ISAC; FS-ISAC (which serves members in both
# countries); the Federal Reserve, the Bank of Japan, CLS and SWIFT; U.S. Forces
# Japan (USFJ), U.S. Space Force (which operates GPS) and Japan's Ministry of
# Defense. Landing-station operators are simplified (see cables.hcl).
#
# THE CHANNELS (shares_with) ARE ASSUMPTIONS FOR THE EXERCISE. They sketch the
# day-to-day operational sharing the scenario assumes: each country's operators
# share through their sector ISAC, ISACs with their government centre, and the
# military with the military. Policy-level links (the Japan-U.S. Cyber Dialogue,
# the Alliance Coordination Mechanism) and CSIRT-to-CSIRT technical exchange
# (JPCERT/CC and CISA as FIRST peers) are deliberately NOT modelled as channels
# for infrastructure incidents; try them with `cascade coordinate --add-channel`.
# No statement about actual agreements is intended. The seed paper's proposals --
# GSOC-NCCIC exchange officers, the two countries' ICT and financial ISACs reaching
# common members, military Mission Partner Environment links -- are channel blocks
# in mitigations.hcl, so that `cascade compare` weighs them against this baseline.
#
# Detection and response (detect, respond) are set on the operators that the VPN
# campaign of intrusion.hcl reaches: an intrusion into its own network is seen
# after a day, and an alerted operator protects itself in 12 hours. Both are
# assumptions, and optimistic ones: Mandiant's M-Trends has put the global median
# dwell time of intrusions at about ten days in recent years (as recalled,
# unconfirmed); a day is what a well-run operations centre watching its VPN
# appliances could do. 12 hours is the time to apply a vendor's mitigation or take
# the appliances offline once told (CISA's emergency directives give agencies days,
# see intrusion.hcl).
#
# Crews: TEPCO's and the U.S. utilities' restoration teams working at once, and the
# cable consortia's one cable ship on call in the region (assumptions).

# --- Japan ------------------------------------------------------------------------------

organization "nisc" {
  label       = "NISC"
  country     = "JP"
  kind        = "government"
  shares_with = [organization.gsoc, organization.jpcert, organization.ict_isac, organization.f_isac_jp, organization.je_isac]
}

organization "gsoc" {
  label   = "GSOC (NISC)"
  country = "JP"
  kind    = "government"
}

organization "jpcert" {
  label   = "JPCERT/CC"
  country = "JP"
  kind    = "cert"
}

organization "ict_isac" {
  label       = "ICT-ISAC Japan"
  country     = "JP"
  kind        = "isac"
  shares_with = [organization.kddi, organization.ntt_com]
}

organization "f_isac_jp" {
  label       = "Financials ISAC Japan"
  country     = "JP"
  kind        = "isac"
  shares_with = [organization.jp_bank, organization.boj]
}

organization "je_isac" {
  label       = "JE-ISAC (electricity)"
  country     = "JP"
  kind        = "isac"
  shares_with = [organization.tepco, organization.chubu_epco, organization.jera]
}

organization "tepco" {
  crews   = 3 # (assumption, see header)
  label   = "TEPCO Power Grid"
  country = "JP"
  kind    = "operator"
}

organization "chubu_epco" {
  label   = "Chubu Electric Power Grid"
  country = "JP"
  kind    = "operator"
}

organization "okiden" {
  label   = "Okinawa Electric Power"
  country = "JP"
  kind    = "operator"
}

organization "jera" {
  label   = "JERA (LNG buyer, generation)"
  country = "JP"
  kind    = "operator"
}

organization "kddi" {
  label   = "KDDI"
  country = "JP"
  kind    = "operator"
}

organization "ntt_com" {
  detect  = "1d"  # an intrusion into its own network (assumption, see header)
  respond = "12h" # applies the vendor's mitigation once alerted (assumption, see header)
  label   = "NTT Communications"
  country = "JP"
  kind    = "operator"
}

organization "jp_bank" {
  detect  = "1d"  # an intrusion into its own network (assumption, see header)
  respond = "12h" # applies the vendor's mitigation once alerted (assumption, see header)
  label   = "Japanese megabank (fictional)"
  country = "JP"
  kind    = "operator"
}

organization "boj" {
  label   = "Bank of Japan (BOJ-NET)"
  country = "JP"
  kind    = "government"
}

organization "mod_jp" {
  label       = "Japan Ministry of Defense"
  country     = "JP"
  kind        = "military"
  shares_with = [organization.usfj]
}

# --- United States ---------------------------------------------------------------------

organization "cisa" {
  label       = "CISA / NCCIC"
  country     = "US"
  kind        = "government"
  shares_with = [organization.e_isac, organization.fs_isac, organization.us_cloud, organization.us_carrier]
}

organization "e_isac" {
  label       = "E-ISAC (electricity)"
  country     = "US"
  kind        = "isac"
  shares_with = [organization.us_utilities]
}

organization "fs_isac" {
  label       = "FS-ISAC"
  country     = "US"
  kind        = "isac"
  shares_with = [organization.us_bank, organization.fed, organization.cls]
}

organization "us_utilities" {
  crews   = 2 # (assumption, see header)
  label   = "U.S. West Coast and Gulf utilities (grouped)"
  country = "US"
  kind    = "operator"
}

organization "us_cloud" {
  label   = "U.S. hyperscale cloud provider (fictional)"
  country = "US"
  kind    = "vendor"
}

organization "us_carrier" {
  detect  = "1d"  # an intrusion into its own network (assumption, see header)
  respond = "12h" # applies the vendor's mitigation once alerted (assumption, see header)
  label   = "U.S. mobile carrier (fictional)"
  country = "US"
  kind    = "operator"
}

organization "us_bank" {
  detect  = "1d"  # an intrusion into its own network (assumption, see header)
  respond = "12h" # applies the vendor's mitigation once alerted (assumption, see header)
  label   = "U.S. correspondent bank (fictional)"
  country = "US"
  kind    = "operator"
}

organization "fed" {
  label   = "Federal Reserve (Fedwire)"
  country = "US"
  kind    = "government"
}

organization "cls" {
  label   = "CLS Bank"
  country = "US"
  kind    = "operator"
}

organization "swift" {
  label   = "SWIFT"
  country = "BE"
  kind    = "operator"
}

organization "lng_exporter" {
  label   = "Gulf Coast LNG exporters (grouped)"
  country = "US"
  kind    = "operator"
}

organization "ussf" {
  label       = "U.S. Space Force (GPS)"
  country     = "US"
  kind        = "military"
  shares_with = [organization.indopacom]
}

organization "indopacom" {
  label       = "U.S. Indo-Pacific Command"
  country     = "US"
  kind        = "military"
  shares_with = [organization.usfj]
}

organization "usfj" {
  label   = "U.S. Forces Japan"
  country = "US"
  kind    = "military"
}

organization "cable_consortia" {
  crews = 1                               # one cable ship on call (assumption, see header)
  label = "Trans-Pacific cable consortia" # multinational: no single country
  kind  = "operator"
}

organization "digital_agency" {
  label       = "Digital Agency (Government Cloud)"
  country     = "JP"
  kind        = "government"
  shares_with = [organization.nisc]
}
