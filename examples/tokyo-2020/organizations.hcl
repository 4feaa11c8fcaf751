# Organizations and their information-sharing channels (shares_with).
#
# Real bodies appear under their own names where their role is public:
#   - NISC (since 1 July 2025 the National Cybersecurity Office, see
#     infra/jp/sectors.hcl), whose Tokyo 2020 group prepared the Games' cyber
#     incident response (Trend Micro interview with NISC's Tokyo 2020 group, March
#     2020, https://trendmicro.com/ja_jp/jp-security/20/c/nisc-interview-202003-29-01.html).
#     The name and 2019 start of its coordination center (nisc_games_cc below)
#     were not confirmed.
#   - JPCERT/CC, the national CSIRT; ICT-ISAC Japan (reorganised from
#     Telecom-ISAC in 2016); Financials ISAC Japan (established 1 August 2014,
#     ZDNet Japan, https://japan.zdnet.com/article/35052045/); JE-ISAC, the
#     electricity ISAC (established March 2017, Impress SmartGrid newsletter,
#     https://sgforum.impress.co.jp/article/4327?page=0%2C3).
# Operators are the real utilities where the asset is theirs (TEPCO Power Grid,
# NTT East, NTT DOCOMO, Tokyo Bureau of Waterworks, JR East, Tokyo Metro). The
# managed service provider and the two banks are FICTIONAL.
#
# The channels below are an assumption for the exercise: who shares with whom in
# normal operations. They are a model of a plausible arrangement, not a statement
# about actual agreements.
#
# Detection and response (detect, respond) are set for the MSP and its customers,
# the organizations the ransomware scenario compromises; every figure is an
# assumption of the exercise, informed by these public cases:
#   - Kaseya VSA, 2 July 2021: REvil pushed ransomware through an RMM product to
#     about 60 MSPs and up to about 1,500 of their customers; Kaseya told customers
#     to shut down their on-premises VSA servers the same day, within hours of the
#     first reports (Kaseya's advisories of 2 July 2021, as recalled; the hours not
#     confirmed).
#   - Osaka General Medical Center, 31 October 2022 (health.hcl): the ransomware
#     was noticed when the electronic records stopped, but the way in (a
#     supplier's server) was established only weeks later.
# So: the MSP, whose platform pushes the same job to every customer at once, sees
# it within the hour (detect 1h); a customer sees the encryption at once but takes
# about two hours to recognise an attack through its MSP and raise it (detect 2h);
# once alerted, a customer cuts the MSP's remote access and isolates its endpoints
# in an hour (respond 1h). Without a channel to the MSP (none in the baseline; see
# the msp_exchange_officer mitigation) the MSP's early detection reaches nobody.

organization "nisc" {
  label       = "NISC"
  country     = "JP"
  kind        = "government"
  shares_with = [organization.nisc_games_cc, organization.jpcert, organization.ict_isac, organization.f_isac, organization.je_isac, organization.tmg]
}

organization "nisc_games_cc" {
  label       = "NISC Games coordination centre"
  country     = "JP"
  kind        = "government"
  shares_with = [organization.tocog]
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
  shares_with = [organization.ntt_east, organization.docomo, organization.dc_operator]
}

organization "f_isac" {
  label       = "Financials ISAC Japan"
  country     = "JP"
  kind        = "isac"
  shares_with = [organization.bank_a, organization.bank_b, organization.zengin, organization.card_net]
}

organization "je_isac" {
  label       = "JE-ISAC (electricity)"
  country     = "JP"
  kind        = "isac"
  shares_with = [organization.tepco, organization.jera]
}

organization "tmg" {
  label       = "Tokyo Metropolitan Government"
  country     = "JP"
  kind        = "government"
  shares_with = [organization.waterworks, organization.tfd, organization.hospitals, organization.wards, organization.tocog]
}

organization "tocog" {
  detect  = "2h" # MSP customer: encryption seen at once, recognised as an attack through the MSP later (assumption, see header)
  respond = "1h" # cuts the MSP's remote access, isolates endpoints (assumption, see header)
  label   = "Tokyo 2020 Organising Committee"
  country = "JP"
  kind    = "operator"
}

organization "tepco" {
  crews   = 4 # restoration crews that work at once on damaged substations and lines (assumption)
  label   = "TEPCO Power Grid"
  country = "JP"
  kind    = "operator"
}

organization "jera" {
  crews   = 3 # plant recovery teams working at once (assumption)
  label   = "JERA (thermal generation, LNG)"
  country = "JP"
  kind    = "operator"
}

organization "ntt_east" {
  label   = "NTT East"
  country = "JP"
  kind    = "operator"
}

organization "docomo" {
  label   = "NTT DOCOMO"
  country = "JP"
  kind    = "operator"
}

organization "dc_operator" {
  label   = "Inzai data centre campus"
  country = "JP"
  kind    = "operator"
}

organization "msp" {
  detect  = "1h" # its platform pushes one job to every customer at once (assumption, see header)
  label   = "Kanto Managed IT (fictional MSP)"
  country = "JP"
  kind    = "vendor"
}

organization "waterworks" {
  detect  = "2h" # MSP customer: encryption seen at once, recognised as an attack through the MSP later (assumption, see header)
  respond = "1h" # cuts the MSP's remote access, isolates endpoints (assumption, see header)
  label   = "Tokyo Bureau of Waterworks"
  country = "JP"
  kind    = "operator"
}

organization "jr_east" {
  label   = "JR East"
  country = "JP"
  kind    = "operator"
}

organization "tokyo_metro" {
  label   = "Tokyo Metro"
  country = "JP"
  kind    = "operator"
}

organization "fuel_co" {
  detect  = "2h" # MSP customer: encryption seen at once, recognised as an attack through the MSP later (assumption, see header)
  respond = "1h" # cuts the MSP's remote access, isolates endpoints (assumption, see header)
  label   = "Keihin fuel distributor (fictional)"
  country = "JP"
  kind    = "operator"
}

organization "bank_a" {
  label   = "Megabank A (fictional)"
  country = "JP"
  kind    = "operator"
}

organization "bank_b" {
  label   = "Megabank B (fictional)"
  country = "JP"
  kind    = "operator"
}

organization "zengin" {
  label   = "Zengin-Net"
  country = "JP"
  kind    = "operator"
}

organization "boj" {
  label       = "Bank of Japan"
  country     = "JP"
  kind        = "government"
  shares_with = [organization.f_isac]
}

organization "card_net" {
  label   = "Card authorisation network (fictional)"
  country = "JP"
  kind    = "operator"
}

organization "hospitals" {
  detect  = "2h" # MSP customer: encryption seen at once, recognised as an attack through the MSP later (assumption, see header)
  respond = "1h" # cuts the MSP's remote access, isolates endpoints (assumption, see header)
  label   = "Tokyo disaster base hospitals"
  country = "JP"
  kind    = "operator"
}

organization "tfd" {
  label   = "Tokyo Fire Department"
  country = "JP"
  kind    = "government"
}

organization "wards" {
  detect  = "2h" # MSP customer: encryption seen at once, recognised as an attack through the MSP later (assumption, see header)
  respond = "1h" # cuts the MSP's remote access, isolates endpoints (assumption, see header)
  label   = "Special ward offices"
  country = "JP"
  kind    = "government"
}

organization "airport_co" {
  label   = "Haneda airport operator"
  country = "JP"
  kind    = "operator"
}
