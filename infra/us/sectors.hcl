# The 16 U.S. critical infrastructure sectors.
#
# Source: Presidential Policy Directive 21, "Critical Infrastructure Security and
# Resilience" (2013), which names these 16 sectors; National Security Memorandum 22,
# "Critical Infrastructure Security and Resilience" (30 April 2024), superseded
# PPD-21 and kept the 16 sectors, each with a Sector Risk Management Agency (SRMA)
# (text: https://presidency.ucsb.edu/documents/national-security-memorandum-critical-infrastructure-security-and-resilience;
# Congressional Research Service, "The 2024 National Security Memorandum on
# Critical Infrastructure Security and Resilience", IF12716, 25 July 2024,
# https://www.everycrsreport.com/reports/IF12716.html).
#
# Cross-sector dependencies noted below are the catalog authors' reading of the
# National Infrastructure Protection Plan 2013 ("NIPP 2013: Partnering for
# Critical Infrastructure Security and Resilience", DHS) and of the Sector-Specific
# Plans (SSPs) DHS published for each sector. The grouping of communications,
# energy, transportation and water as "lifeline functions" and the SSP years
# given below were not re-checked against the documents. Sector names carry a
# "us_" prefix so that the U.S. and Japanese catalogs combine into one model.
# Colours are a palette choice, not an official scheme.

sector "us_chemical" {
  label = "Chemical (US)"
  color = "#b5838d"
  # Depends on energy (feedstock natural gas, power), transportation (rail, truck and
  # barge shipment of hazardous materials) and water (process water).
  # Source: Chemical Sector-Specific Plan 2015, "Dependencies and interdependencies".
  # Supplies water treatment chemicals (chlorine) to the water sector (Water SSP 2015).
}

sector "us_commercial_facilities" {
  label = "Commercial Facilities (US)"
  color = "#e5989b"
  # Stadiums, arenas, hotels, malls: depend on energy, water, communications and
  # emergency services for mass gatherings. Source: Commercial Facilities SSP 2015.
}

sector "us_communications" {
  label = "Communications (US)"
  color = "#2a9d8f"
  # Depends on energy above all (central offices and cell sites run on commercial
  # power with battery/generator backup) and on information technology.
  # Source: Communications SSP 2015; NIPP 2013 lifeline functions.
}

sector "us_critical_manufacturing" {
  label = "Critical Manufacturing (US)"
  color = "#6d6875"
  # Primary metals, machinery, electrical equipment, transportation equipment:
  # depends on energy, transportation and communications.
  # Source: Critical Manufacturing SSP 2015.
}

sector "us_dams" {
  label = "Dams (US)"
  color = "#4a6fa5"
  # Hydropower, navigation locks, flood control, water supply reservoirs. Supplies
  # energy (hydropower) and water; depends on communications for remote control
  # (SCADA). Source: Dams SSP 2015.
}

sector "us_defense_industrial_base" {
  label = "Defense Industrial Base (US)"
  color = "#5c677d"
  # Depends on energy, communications, IT, transportation and critical
  # manufacturing suppliers. Source: Defense Industrial Base SSP 2010 (DoD).
}

sector "us_emergency_services" {
  label = "Emergency Services (US)"
  color = "#d62828"
  # Police, fire, EMS, 911 public safety answering points (PSAPs): depend on
  # communications (911 networks) and energy. Source: Emergency Services SSP 2015.
}

sector "us_energy" {
  label = "Energy (US)"
  color = "#f4a261"
  # Electricity, oil and natural gas. Electricity depends on natural gas and fuel
  # supply (transportation: pipelines, rail coal), on communications and IT for
  # control (SCADA, EMS) and on water for cooling. Every other sector depends on it.
  # Source: Energy SSP 2015; NIPP 2013 lifeline functions.
}

sector "us_financial_services" {
  label = "Financial Services (US)"
  color = "#e9c46a"
  # Depends on communications, IT and energy; payment and settlement systems are
  # single points of failure for the sector. Source: Financial Services SSP 2015.
}

sector "us_food_agriculture" {
  label = "Food and Agriculture (US)"
  color = "#8ab17d"
  # Depends on water, energy, transportation (cold chain) and chemical (fertiliser).
  # Source: Food and Agriculture SSP 2015.
}

sector "us_government_facilities" {
  label = "Government Facilities (US)"
  color = "#7f5539"
  # Includes emergency operations centres and election infrastructure; depends on
  # energy, communications and IT. Source: Government Facilities SSP 2015.
}

sector "us_healthcare_public_health" {
  label = "Healthcare and Public Health (US)"
  color = "#e63946"
  # Hospitals depend on energy, water, communications, IT (electronic health
  # records) and transportation (medical supply chain).
  # Source: Healthcare and Public Health SSP 2016.
}

sector "us_information_technology" {
  label = "Information Technology (US)"
  color = "#3a86ff"
  # Data centres, cloud, DNS and identity services: depend on energy and
  # communications; almost every sector depends on them. Source: IT SSP 2016.
}

sector "us_nuclear" {
  label = "Nuclear Reactors, Materials, and Waste (US)"
  color = "#9d4edd"
  # Reactors need off-site power or on-site emergency diesel generators for
  # safety systems, and cooling water. Source: Nuclear Reactors, Materials, and
  # Waste SSP 2015.
}

sector "us_transportation" {
  label = "Transportation Systems (US)"
  color = "#457b9d"
  # Aviation, highway, maritime, mass transit, pipelines, freight rail: depends on
  # energy (fuel, traction power), communications and positioning/timing (GPS).
  # Source: Transportation Systems SSP 2015.
}

sector "us_water" {
  label = "Water and Wastewater Systems (US)"
  color = "#48cae4"
  # Pumping and treatment depend on energy, chemical (treatment chemicals),
  # communications (SCADA) and transportation (chemical deliveries).
  # Source: Water and Wastewater Systems SSP 2015.
}
