# Medical: disaster base hospitals (災害拠点病院), the Olympic Village polyclinic
# and the Tokyo Fire Department's emergency medical dispatch.
#
# Figures:
# - Generator fuel, 3 days: disaster base hospitals must keep about three days of
#   fuel for their private generators (Ministry of Health, Labour and Welfare,
#   notice 医政発0321第2号, 21 March 2012, designation requirements for disaster
#   base hospitals).
# - Water, 3 days: the requirements revised in 2019 ask disaster base hospitals to
#   secure water to keep the hospital running for at least three days (MHLW,
#   2019 revision of the same designation requirements).
# - Ransomware through a supplier: on 31 October 2022 ransomware that entered
#   through the systems of a contracted meal-service provider encrypted the
#   electronic medical records of Osaka General Medical Center, which restricted
#   emergency and outpatient care for weeks (the hospital's investigation report,
#   March 2023). The hospitals below fail when the MSP-hosted records are
#   encrypted; how fast is an assumption.
# The hospitals are named by district; which hospital is which is not modelled.

asset "hospital_chuo" {
  sector   = sector.medical
  label    = "Disaster base hospital, Chuo"
  operator = organization.hospitals
  region   = "chiyoda"
  location = { lat = 35.67, lon = 139.78 }
  weight   = 2
  needs "power" {
    backup     = "3d" # MHLW 2012, see header
    depends_on = [asset.chiyoda_ss]
  }
  needs "water" {
    backup     = "3d" # MHLW 2019, see header
    depends_on = [asset.reservoir_central]
  }
  dependency {
    on    = asset.emr_hosting # electronic medical records hosted by the MSP
    kind  = "cyber"
    delay = "1h" # ransomware reaches the EMR within the hour (assumption)
  }
}

asset "hospital_bay" {
  sector   = sector.medical
  label    = "Disaster base hospital, Koto (nearest to the bay venues)"
  operator = organization.hospitals
  region   = "bay"
  location = { lat = 35.65, lon = 139.80 }
  weight   = 2
  needs "power" {
    backup     = "3d" # MHLW 2012
    depends_on = [asset.koto_ss]
  }
  needs "water" {
    backup     = "3d" # MHLW 2019
    depends_on = [asset.reservoir_bay]
  }
  dependency {
    on    = asset.emr_hosting
    kind  = "cyber"
    delay = "1h" # (assumption)
  }
}

asset "hospital_shinjuku" {
  sector   = sector.medical
  label    = "Disaster base hospital, Shinjuku"
  operator = organization.hospitals
  region   = "shinjuku"
  weight   = 2
  needs "power" {
    backup     = "3d" # MHLW 2012
    depends_on = [asset.shinjuku_ss]
  }
  needs "water" {
    backup     = "3d" # MHLW 2019
    depends_on = [asset.reservoir_west]
  }
}

asset "hospital_chiba" {
  sector   = sector.medical
  label    = "Disaster base hospital, Chiba (Makuhari)"
  operator = organization.hospitals
  region   = "chiba"
  weight   = 2
  needs "power" {
    backup     = "3d" # MHLW 2012
    depends_on = [asset.chiba_ss]
  }
}

asset "emr_hosting" {
  sector   = sector.medical
  label    = "Hosted electronic medical records (MSP customer)"
  operator = organization.hospitals
  region   = "chiba"
  dependency {
    on = asset.cloud_tokyo
  }
  dependency {
    on          = asset.msp_rmm
    kind        = "cyber"
    probability = local.ransomware_reach
    delay       = "1h" # (assumption)
  }
}

asset "village_polyclinic" {
  sector     = sector.medical
  label      = "Olympic Village polyclinic"
  operator   = organization.tocog
  region     = "bay"
  location   = { lat = 35.652, lon = 139.775 }
  depends_on = [asset.olympic_village]
  dependency {
    on    = asset.hospital_bay # transfers of serious cases
    delay = "2h"               # (assumption)
  }
}

asset "tfd_119" {
  sector     = sector.medical
  label      = "Tokyo Fire Department 119 dispatch"
  operator   = organization.tfd
  region     = "chiyoda"
  weight     = 2
  backup     = "3d" # generator (assumption)
  depends_on = [asset.chiyoda_ss]
  needs "network" {
    requires   = "any"
    depends_on = [asset.ntt_otemachi, asset.docomo_core]
  }
}
