# Japan's critical infrastructure sectors as NISC defines them.
#
# Sources (checked November 2026):
# - The action plan "重要インフラのサイバーセキュリティに係る行動計画" (English
#   title "The Cybersecurity Policy for Critical Infrastructure Protection"),
#   decided by the Cybersecurity Strategic Headquarters in June 2022 (IAIS article
#   on the new plan, February 2023, https://iais.or.jp/articles/articlesa/20230210/202302_02;
#   the day in June was not confirmed). It names 14 sectors: information and communication, finance, aviation,
#   airports, railway, electric power, gas, government and administrative services
#   (including local governments), medical, water, logistics, chemical, credit
#   card and petroleum.
# - Ports (港湾) became the 15th sector when the plan was revised on 8 March 2024
#   (NISC, draft "サイバーセキュリティ2024" for the Cybersecurity Strategic
#   Headquarters' 41st meeting, 10 July 2024: "2024年3月8日に行動計画を改定し、港湾を重要インフラに
#   追加した", https://www.nisc.go.jp/council/cs/index.html#cs41). The revision
#   followed the LockBit ransomware attack of 4 July 2023 that stopped the Nagoya
#   Port Unified Terminal System and the port's container terminals for about two
#   and a half days (CSO Online, "Japan's Nagoya port resumes operations after
#   ransomware attack", 6 July 2023,
#   https://www.csoonline.com/article/644765/japans-nagoya-port-resumes-operations-after-ransomware-attack.html).
#   This catalog uses those 15 sectors.
# - On 1 July 2025 NISC (National center of Incident readiness and Strategy for
#   Cybersecurity) was reorganised into the National Cybersecurity Office (NCO,
#   国家サイバー統括室) of the Cabinet Secretariat, which now runs the action plan
#   (Impress Watch, "内閣府、「国家サイバー統括室(NCO)」発足", July 2025,
#   https://www.watch.impress.co.jp/docs/news/2027663.html). "NISC" below names the
#   body that wrote the plan.
#
# Cross-sector dependencies: the action plan asks every sector to analyse its
# dependence on others ("相互依存性") and runs cross-sector exercises (分野横断的
# 演習). The Great East Japan Earthquake (11 March 2011) showed the dependence of
# information and communication on electric power: at the peak about 29,000 mobile
# base stations were out of service, mostly because commercial power was lost and
# batteries ran down (Ministry of Internal Affairs and Communications: White Paper
# on Information and Communications in Japan 2011, part 1 chapter 1 section 1,
# https://www.soumu.go.jp/johotsusintokei/whitepaper/ja/h23/html/nc111100.html, on
# battery exhaustion; "東日本大震災における通信の被災状況、復旧等に関する取組状況",
# MIC Telecommunications Bureau, 29 September 2011, for the total of about
# 29,000). Sector names carry a "jp_"
# prefix so that the U.S. and Japanese catalogs combine into one model. Colours are
# a palette choice.

sector "jp_information_communication" {
  label = "Information and communication (JP)"
  color = "#2a9d8f"
  # Depends on electric power (see above); every other sector depends on it.
}

sector "jp_finance" {
  label = "Finance (JP)"
  color = "#e9c46a"
  # Banks, securities, insurance; the Zengin system and BOJ-NET. Depends on
  # information and communication and electric power (Financial Services Agency,
  # cybersecurity guidelines for the financial sector).
}

sector "jp_aviation" {
  label = "Aviation (JP)"
  color = "#219ebc"
  # Airlines: depend on airports, information and communication (reservation,
  # flight operations systems) and petroleum (jet fuel).
}

sector "jp_airports" {
  label = "Airports (JP)"
  color = "#8ecae6"
  # Split from aviation as the 14th sector by the revision of the fourth action
  # plan on 25 July 2018 ("The Cybersecurity Policy for Critical Infrastructure
  # Protection (4th Edition)", 18 April 2017, revised 25 July 2018, tentative
  # translation, whose title page carries both dates). Depend on electric power,
  # information and communication, and petroleum (fuel supply).
}

sector "jp_railway" {
  label = "Railway (JP)"
  color = "#457b9d"
  # Depends on electric power (traction power) and information and communication
  # (train control, operation management).
}

sector "jp_electric_power" {
  label = "Electric power (JP)"
  color = "#f4a261"
  # Depends on gas and petroleum (LNG and oil fuel; LNG is about a third of
  # Japan's power generation -- a round figure not re-checked against the Energy
  # White Paper), on ports (fuel imports) and on information and communication for
  # control.
}

sector "jp_gas" {
  label = "Gas (JP)"
  color = "#ffb703"
  # City gas from LNG terminals: depends on ports (LNG carriers), electric power
  # and information and communication.
}

sector "jp_government" {
  label = "Government and administrative services (JP)"
  color = "#7f5539"
  # Including local governments: depends on information and communication and
  # electric power.
}

sector "jp_medical" {
  label = "Medical (JP)"
  color = "#e63946"
  # Hospitals depend on electric power, water, information and communication
  # (electronic medical records) and logistics (medicines, fuel).
}

sector "jp_water" {
  label = "Water (JP)"
  color = "#48cae4"
  # Pumping and treatment depend on electric power and chemical (treatment
  # chemicals); SCADA on information and communication.
}

sector "jp_logistics" {
  label = "Logistics (JP)"
  color = "#6d6875"
  # Depends on petroleum (fuel), information and communication and ports.
}

sector "jp_chemical" {
  label = "Chemical (JP)"
  color = "#b5838d"
  # Added with credit card and petroleum before the fourth action plan, which
  # already lists 13 sectors in April 2017: by a revision of the earlier action
  # plan under the Information Security Policy Council chaired by Chief Cabinet
  # Secretary Suga, i.e. in 2013-2014 (The Yomiuri Shimbun's report on the draft;
  # the exact decision date was not confirmed). Depends on petroleum (naphtha
  # feedstock), electric power and ports.
}

sector "jp_credit_card" {
  label = "Credit card (JP)"
  color = "#f6bd60"
  # Added with chemical and petroleum (see chemical). Card authorisation
  # depends on information and communication and on finance (settlement).
}

sector "jp_petroleum" {
  label = "Petroleum (JP)"
  color = "#bc6c25"
  # Added with chemical and credit card (see chemical). Refineries depend
  # on ports (crude imports) and electric power.
}

sector "jp_ports" {
  label = "Ports (JP)"
  color = "#023e8a"
  # Added on 8 March 2024 (see above). Terminal operating systems depend on information
  # and communication and electric power; Nagoya 2023 showed a single terminal
  # system stopping a whole port.
}
