# A starter model for the U.S. catalog: a fictional metropolitan area ("metro")
# with a few assets per sector and the typical dependencies between them. Edit
# the assets, add your own and keep the sectors. Times marked "# assumption" are
# placeholders to replace with your own figures.

organization "us_cisa" {
  label       = "CISA (incl. NCCIC)"
  country     = "US"
  kind        = "government"
  shares_with = [organization.us_ei_isac, organization.us_fs_isac, organization.us_ct_isac]
}

organization "us_ei_isac" {
  label       = "E-ISAC (electricity)"
  country     = "US"
  kind        = "isac"
  shares_with = [organization.us_power_co]
}

organization "us_ct_isac" {
  label       = "Communications ISAC"
  country     = "US"
  kind        = "isac"
  shares_with = [organization.us_telco]
}

organization "us_fs_isac" {
  label       = "FS-ISAC"
  country     = "US"
  kind        = "isac"
  shares_with = [organization.us_bank]
}

organization "us_power_co" {
  label   = "Metro Power & Light"
  country = "US"
  kind    = "operator"
}

organization "us_telco" {
  label   = "Metro Telecom"
  country = "US"
  kind    = "operator"
}

organization "us_water_utility" {
  label   = "Metro Water Authority"
  country = "US"
  kind    = "operator"
}

organization "us_bank" {
  label   = "Metro Bank"
  country = "US"
  kind    = "operator"
}

organization "us_county" {
  label   = "Metro County"
  country = "US"
  kind    = "government"
}

# --- Energy -------------------------------------------------------------------

asset "us_gas_pipeline" {
  sector   = sector.us_energy
  label    = "Interstate gas pipeline lateral"
  operator = organization.us_power_co
  region   = "metro"
}

asset "us_gas_plant" {
  sector     = sector.us_energy
  label      = "Combined-cycle gas plant"
  operator   = organization.us_power_co
  region     = "metro"
  depends_on = [asset.us_gas_pipeline]
}

asset "us_grid" {
  sector   = sector.us_energy
  label    = "Metro transmission grid"
  operator = organization.us_power_co
  region   = "metro"
  weight   = 3

  needs "generation" {
    requires   = 2 # any two of three plants carry the load (assumption)
    depends_on = [asset.us_gas_plant, asset.us_hydro_dam, asset.us_nuclear_plant]
  }

  dependency {
    on          = asset.us_telecom_hub # SCADA / energy management system links
    kind        = "cyber"
    delay       = "4h" # operators fall back to manual switching (assumption)
    probability = 0.5  # (assumption)
  }
}

# --- Dams and nuclear -----------------------------------------------------------

asset "us_hydro_dam" {
  sector   = sector.us_dams
  label    = "River hydro dam"
  operator = organization.us_power_co
  region   = "river"
}

asset "us_nuclear_plant" {
  sector   = sector.us_nuclear
  label    = "Nuclear generating station"
  operator = organization.us_power_co
  region   = "river"
}

# --- Communications and IT ------------------------------------------------------

asset "us_telecom_hub" {
  sector   = sector.us_communications
  label    = "Central office"
  operator = organization.us_telco
  region   = "metro"
  # 24 h: the backup power the FCC's post-Katrina rule required for central
  # offices (47 CFR 12.2(a), as modified by the Order on Reconsideration FCC
  # 07-177, 4 October 2007, https://docs.fcc.gov/public/attachments/FCC-07-177A1.txt).
  # Its information-collection requirements awaited OMB approval (72 FR 57879,
  # 11 October 2007); whether it ever took effect was not confirmed.
  backup     = "24h"
  depends_on = [asset.us_grid]
}

asset "us_cell_network" {
  sector   = sector.us_communications
  label    = "Mobile network (metro cell sites)"
  operator = organization.us_telco
  region   = "metro"
  # 8 h: the cell-site backup in the same 47 CFR 12.2(a) (see the central office).
  backup     = "8h"
  depends_on = [asset.us_grid, asset.us_telecom_hub]
}

asset "us_data_center" {
  sector     = sector.us_information_technology
  label      = "Colocation data centre"
  region     = "metro"
  country    = "US"
  backup     = "48h" # diesel on site (assumption)
  depends_on = [asset.us_grid]
}

asset "us_cloud" {
  sector  = sector.us_information_technology
  label   = "Regional cloud services"
  region  = "metro"
  country = "US"
  dependency {
    on = asset.us_data_center
  }
  dependency {
    on = asset.us_telecom_hub
  }
}

# --- Water and chemical ---------------------------------------------------------

asset "us_chlorine_plant" {
  sector     = sector.us_chemical
  label      = "Chlor-alkali plant"
  region     = "river"
  country    = "US"
  depends_on = [asset.us_grid, asset.us_rail]
}

asset "us_water_plant" {
  sector     = sector.us_water
  label      = "Water treatment plant and pumps"
  operator   = organization.us_water_utility
  region     = "metro"
  backup     = "24h" # treated-water storage, about a day of demand (assumption)
  depends_on = [asset.us_grid]

  needs "chemicals" {
    backup     = "7d" # chlorine stock on site (assumption)
    depends_on = [asset.us_chlorine_plant]
  }
}

asset "us_wastewater" {
  sector     = sector.us_water
  label      = "Wastewater treatment plant"
  operator   = organization.us_water_utility
  region     = "metro"
  backup     = "12h" # (assumption)
  depends_on = [asset.us_grid]
}

# --- Transportation -------------------------------------------------------------

asset "us_rail" {
  sector  = sector.us_transportation
  label   = "Freight rail dispatch"
  region  = "metro"
  country = "US"
  dependency {
    on    = asset.us_telecom_hub
    delay = "2h" # (assumption)
  }
}

asset "us_transit" {
  sector     = sector.us_transportation
  label      = "Metro transit (electric)"
  region     = "metro"
  country    = "US"
  depends_on = [asset.us_grid]
}

# --- Finance --------------------------------------------------------------------

asset "us_bank_dc" {
  sector     = sector.us_financial_services
  label      = "Bank core banking data centre"
  operator   = organization.us_bank
  region     = "metro"
  backup     = "72h" # (assumption)
  depends_on = [asset.us_grid]
  dependency {
    on   = asset.us_cloud
    kind = "cyber"
  }
}

asset "us_card_payments" {
  sector   = sector.us_financial_services
  label    = "Card payments at merchants"
  operator = organization.us_bank
  region   = "metro"
  dependency {
    on = asset.us_bank_dc
  }
  needs "network" {
    requires   = "any"
    depends_on = [asset.us_telecom_hub, asset.us_cell_network]
  }
}

# --- Health, emergency, government ----------------------------------------------

asset "us_hospital" {
  sector  = sector.us_healthcare_public_health
  label   = "Regional medical centre"
  region  = "metro"
  country = "US"

  needs "power" {
    # 96 h: The Joint Commission asks hospitals for a 96-hour sustainability
    # plan, but not to stay fully functional for 96 hours ("Emergency Management
    # - 96 Hour Plan", standards FAQ, https://www.jointcommission.org/standards/standard-faqs/hospital-and-hospital-clinics/emergency-management-em/000002414/).
    # That the hospital stretches fuel to 96 hours under its plan is an
    # assumption.
    backup     = "96h"
    depends_on = [asset.us_grid]
  }
  needs "water" {
    backup     = "24h" # (assumption)
    depends_on = [asset.us_water_plant]
  }
  dependency {
    on    = asset.us_cloud # electronic health records
    kind  = "cyber"
    delay = "1h" # (assumption)
  }
}

asset "us_psap" {
  sector     = sector.us_emergency_services
  label      = "911 answering point"
  operator   = organization.us_county
  region     = "metro"
  backup     = "48h" # generator (assumption)
  depends_on = [asset.us_grid]
  needs "network" {
    requires   = "any"
    depends_on = [asset.us_telecom_hub, asset.us_cell_network]
  }
}

asset "us_eoc" {
  sector     = sector.us_government_facilities
  label      = "County emergency operations centre"
  operator   = organization.us_county
  region     = "metro"
  backup     = "72h" # generator (assumption)
  depends_on = [asset.us_grid, asset.us_telecom_hub]
}

# --- Other sectors ----------------------------------------------------------------

asset "us_stadium" {
  sector     = sector.us_commercial_facilities
  label      = "Stadium"
  region     = "metro"
  country    = "US"
  depends_on = [asset.us_grid, asset.us_water_plant, asset.us_cell_network]
}

asset "us_auto_plant" {
  sector     = sector.us_critical_manufacturing
  label      = "Vehicle assembly plant"
  region     = "river"
  country    = "US"
  depends_on = [asset.us_grid, asset.us_rail]
}

asset "us_defense_plant" {
  sector     = sector.us_defense_industrial_base
  label      = "Defense electronics plant"
  region     = "river"
  country    = "US"
  depends_on = [asset.us_grid, asset.us_cloud]
}

asset "us_food_dc" {
  sector     = sector.us_food_agriculture
  label      = "Grocery distribution centre (cold chain)"
  region     = "metro"
  country    = "US"
  backup     = "12h" # refrigerated storage holds temperature (assumption)
  depends_on = [asset.us_grid]
}
