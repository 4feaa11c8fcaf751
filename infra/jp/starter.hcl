# A starter model for the Japanese catalog: a few assets per sector around Tokyo
# Bay and the typical dependencies between them. Edit the assets, add your own and
# keep the sectors. Times marked "# assumption" are placeholders.

organization "jp_nisc" {
  label       = "NISC (Cabinet Secretariat)"
  country     = "JP"
  kind        = "government"
  shares_with = [organization.jp_ict_isac, organization.jp_power_co, organization.jp_bank]
}

organization "jp_ict_isac" {
  label       = "ICT-ISAC Japan"
  country     = "JP"
  kind        = "isac"
  shares_with = [organization.jp_telco]
}

organization "jp_power_co" {
  label   = "Bay Electric Power"
  country = "JP"
  kind    = "operator"
}

organization "jp_telco" {
  label   = "Bay Telecom"
  country = "JP"
  kind    = "operator"
}

organization "jp_waterworks" {
  label   = "Bay Waterworks Bureau"
  country = "JP"
  kind    = "operator"
}

organization "jp_bank" {
  label   = "Bay Bank"
  country = "JP"
  kind    = "operator"
}

organization "jp_port_authority" {
  label   = "Bay Port Authority"
  country = "JP"
  kind    = "operator"
}

# --- Ports, petroleum, gas, electric power --------------------------------------

asset "jp_container_terminal" {
  sector     = sector.jp_ports
  label      = "Container terminal operating system"
  operator   = organization.jp_port_authority
  region     = "bay"
  backup     = "2h" # generator (assumption)
  depends_on = [asset.jp_grid]
  dependency {
    on   = asset.jp_datacenter
    kind = "cyber"
  }
}

asset "jp_lng_terminal" {
  sector   = sector.jp_gas
  label    = "LNG receiving terminal"
  operator = organization.jp_power_co
  region   = "bay"
}

asset "jp_city_gas" {
  sector     = sector.jp_gas
  label      = "City gas distribution"
  region     = "bay"
  country    = "JP"
  backup     = "1d" # gas holders and line pack (assumption)
  depends_on = [asset.jp_lng_terminal]
}

asset "jp_refinery" {
  sector     = sector.jp_petroleum
  label      = "Refinery"
  region     = "bay"
  country    = "JP"
  backup     = "12h" # (assumption)
  depends_on = [asset.jp_grid]
}

asset "jp_thermal_plant" {
  sector     = sector.jp_electric_power
  label      = "LNG-fired thermal power station"
  operator   = organization.jp_power_co
  region     = "bay"
  backup     = "10d" # LNG in the terminal's tanks (assumption)
  depends_on = [asset.jp_lng_terminal]
}

asset "jp_oil_plant" {
  sector     = sector.jp_electric_power
  label      = "Oil-fired power station"
  operator   = organization.jp_power_co
  region     = "bay"
  backup     = "7d" # oil tanks on site (assumption)
  depends_on = [asset.jp_refinery]
}

asset "jp_grid" {
  sector   = sector.jp_electric_power
  label    = "Transmission and distribution grid"
  operator = organization.jp_power_co
  region   = "bay"
  weight   = 3

  needs "generation" {
    requires   = "any"
    depends_on = [asset.jp_thermal_plant, asset.jp_oil_plant]
  }
  dependency {
    on          = asset.jp_exchange # control network
    kind        = "cyber"
    delay       = "4h" # manual operation from substations (assumption)
    probability = 0.5  # (assumption)
  }
}

# --- Information and communication ----------------------------------------------

asset "jp_exchange" {
  sector     = sector.jp_information_communication
  label      = "Telephone exchange building"
  operator   = organization.jp_telco
  region     = "bay"
  backup     = "24h" # batteries and generator (assumption)
  depends_on = [asset.jp_grid]
}

asset "jp_base_stations" {
  sector   = sector.jp_information_communication
  label    = "Mobile base stations"
  operator = organization.jp_telco
  region   = "bay"
  # 3 h: NTT DOCOMO said after the 2011 earthquake that its base-station
  # batteries normally last about 3 hours (NHK, "ドコモ 停電対策で基地局強化へ",
  # 27 April 2011; its president put it at 1 to 3 hours, Nikkei ITpro, 30 March
  # 2011, http://itpro.nikkeibp.co.jp/article/NEWS/20110330/358932/). In 2011 about
  # 29,000 base stations of all operators stopped, mostly when batteries ran down
  # after the power cut (MIC, White Paper on Information and Communications in
  # Japan 2011; MIC, 29 September 2011).
  backup     = "3h"
  depends_on = [asset.jp_grid, asset.jp_exchange]
}

asset "jp_datacenter" {
  sector     = sector.jp_information_communication
  label      = "Data centre"
  region     = "bay"
  country    = "JP"
  backup     = "48h" # diesel on site (assumption)
  depends_on = [asset.jp_grid, asset.jp_exchange]
}

# --- Water, chemical ------------------------------------------------------------

asset "jp_chemical_complex" {
  sector     = sector.jp_chemical
  label      = "Petrochemical complex"
  region     = "bay"
  country    = "JP"
  depends_on = [asset.jp_refinery, asset.jp_grid]
}

asset "jp_water" {
  sector   = sector.jp_water
  label    = "Water purification plant and distribution reservoirs"
  operator = organization.jp_waterworks
  region   = "bay"
  # 12 h: the top of the 8 to 12 hours of planned maximum daily supply that the
  # Japan Water Works Association's design guideline (水道施設設計指針・解説, 1990
  # edition) gives for a distribution reservoir's effective capacity (quoted at
  # https://www.waterpartners.jp/1_engineer/06_supply/raccoon_supply_tankvolume.htm);
  # a 12-hour standard in the 2012 edition was not confirmed (assumption).
  backup     = "12h"
  depends_on = [asset.jp_grid]
}

# --- Finance, credit card -------------------------------------------------------

asset "jp_bank_dc" {
  sector     = sector.jp_finance
  label      = "Bank system centre"
  operator   = organization.jp_bank
  region     = "bay"
  backup     = "72h" # (assumption)
  depends_on = [asset.jp_grid, asset.jp_exchange]
}

asset "jp_card_auth" {
  sector     = sector.jp_credit_card
  label      = "Card authorisation network"
  region     = "bay"
  country    = "JP"
  depends_on = [asset.jp_bank_dc]
  dependency {
    on   = asset.jp_datacenter
    kind = "cyber"
  }
}

# --- Transport and logistics ----------------------------------------------------

asset "jp_railway" {
  sector     = sector.jp_railway
  label      = "Commuter railway"
  region     = "bay"
  country    = "JP"
  depends_on = [asset.jp_grid]
}

asset "jp_airport" {
  sector     = sector.jp_airports
  label      = "Airport"
  region     = "bay"
  country    = "JP"
  backup     = "6h" # (assumption)
  depends_on = [asset.jp_grid, asset.jp_exchange]
}

asset "jp_airline" {
  sector     = sector.jp_aviation
  label      = "Airline operations"
  region     = "bay"
  country    = "JP"
  depends_on = [asset.jp_airport]
  dependency {
    on   = asset.jp_datacenter
    kind = "cyber"
  }
}

asset "jp_logistics" {
  sector     = sector.jp_logistics
  label      = "Logistics hub"
  region     = "bay"
  country    = "JP"
  backup     = "1d" # (assumption)
  depends_on = [asset.jp_container_terminal, asset.jp_refinery]
}

# --- Government, medical --------------------------------------------------------

asset "jp_ward_office" {
  sector     = sector.jp_government
  label      = "Ward office"
  region     = "bay"
  country    = "JP"
  backup     = "72h" # generator (assumption)
  depends_on = [asset.jp_grid, asset.jp_exchange]
}

asset "jp_hospital" {
  sector  = sector.jp_medical
  label   = "Disaster base hospital"
  region  = "bay"
  country = "JP"

  # 3 days: the MHLW designation requirements for disaster base hospitals
  # (災害拠点病院指定要件) ask for private generation with about three days of fuel
  # (Japan Medical Journal, December 2018, https://jmedj.co.jp/journal/paper/detail.php?id=11359),
  # and since the revision notified on 17 July 2019 for water (受水槽 or wells)
  # to keep the hospital running for about three days (same article; Miyazaki
  # prefectural assembly record of 12 September 2019). The 2012 notice number
  # (医政発0321第2号) formerly cited here was not confirmed.
  needs "power" {
    backup     = "3d" # MHLW designation requirements, see above
    depends_on = [asset.jp_grid]
  }
  needs "water" {
    backup     = "3d" # MHLW, 2019 revision, see above
    depends_on = [asset.jp_water]
  }
  dependency {
    on    = asset.jp_datacenter # electronic medical records
    kind  = "cyber"
    delay = "1h" # (assumption)
  }
}
