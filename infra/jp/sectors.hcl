# Japan's critical infrastructure sectors as NISC defines them.
#
# Source: National center of Incident readiness and Strategy for Cybersecurity
# (NISC), "Cybersecurity Policy for Critical Infrastructure Protection"
# (重要インフラのサイバーセキュリティに係る行動計画, Cybersecurity Strategic
# Headquarters, 17 June 2022), which names 14 sectors: information and
# communication, finance, aviation, airports, railway, electric power, gas,
# government and administrative services (including local governments), medical,
# water, logistics, chemical, credit card and petroleum. Its revision of March 2024
# added ports (港湾) as the 15th sector, after the July 2023 ransomware attack that
# stopped the container terminals of the Port of Nagoya for about two and a half
# days. This catalog uses those 15 sectors. https://www.nisc.go.jp/policy/group/infra/
# (In July 2025 NISC's functions passed to the National Cybersecurity Office,
# 国家サイバー統括室, of the Cabinet Secretariat.)
#
# Cross-sector dependencies: the action plan asks every sector to analyse its
# dependence on others ("相互依存性") and runs cross-sector exercises (分野横断的
# 演習). The Great East Japan Earthquake (11 March 2011) showed the dependence of
# information and communication on electric power: at the peak about 29,000 mobile
# base stations were out of service, mostly because commercial power was lost and
# batteries ran down (Ministry of Internal Affairs and Communications, White Paper
# on Information and Communications in Japan 2011). Sector names carry a "jp_"
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
  # Added as a sector in the 2022 action plan. Depend on electric power,
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
  # Depends on gas and petroleum (LNG and oil fuel: LNG was about a third of
  # Japan's power generation in FY2022, Agency for Natural Resources and Energy,
  # Energy White Paper 2024), on ports (fuel imports) and on information and
  # communication for control.
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
  # Added as a sector in the fourth action plan (April 2017). Depends on petroleum (naphtha
  # feedstock), electric power and ports.
}

sector "jp_credit_card" {
  label = "Credit card (JP)"
  color = "#f6bd60"
  # Added as a sector in the fourth action plan (April 2017). Card authorisation depends on
  # information and communication and on finance (settlement).
}

sector "jp_petroleum" {
  label = "Petroleum (JP)"
  color = "#bc6c25"
  # Added as a sector in the fourth action plan (April 2017). Refineries depend on ports (crude
  # imports) and electric power.
}

sector "jp_ports" {
  label = "Ports (JP)"
  color = "#023e8a"
  # Added in 2024 (see above). Terminal operating systems depend on information
  # and communication and electric power; Nagoya 2023 showed a single terminal
  # system stopping a whole port.
}
