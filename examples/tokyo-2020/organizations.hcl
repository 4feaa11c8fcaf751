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
  label   = "Kanto Managed IT (fictional MSP)"
  country = "JP"
  kind    = "vendor"
}

organization "waterworks" {
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
  label   = "Special ward offices"
  country = "JP"
  kind    = "government"
}

organization "airport_co" {
  label   = "Haneda airport operator"
  country = "JP"
  kind    = "operator"
}
