# Medical: disaster base hospitals (災害拠点病院), the Olympic Village polyclinic
# and the Tokyo Fire Department's emergency medical dispatch.
#
# Figures:
# - Generator fuel, 3 days: the Ministry of Health, Labour and Welfare's
#   designation requirements for disaster base hospitals (災害拠点病院指定要件) ask
#   for private generation with about three days of fuel (Japan Medical Journal,
#   December 2018, https://jmedj.co.jp/journal/paper/detail.php?id=11359). The
#   notice number 医政発0321第2号 (21 March 2012) formerly cited here was not
#   confirmed.
# - Water, 3 days: the revision notified on 17 July 2019 ("災害拠点病院指定要件の
#   一部改正について", Miyazaki prefectural assembly record, 12 September 2019) added
#   water (受水槽 or wells) to keep the hospital running for about three days
#   (Japan Medical Journal, December 2018, on the requirement then agreed).
# - Ransomware through a supplier: on 31 October 2022 ransomware encrypted the
#   electronic medical records of Osaka General Medical Center (大阪急性期・総合
#   医療センター), which stopped outpatient care and non-emergency surgery (The
#   Asahi Shimbun, 1 November 2022, https://ajw-origin.potaufeu.asahi.com/ajw/articles/14757613);
#   it had entered through the server of the contracted meal-service provider,
#   Seichokai's Bell Kitchen (生長会, second notice of 27 December 2022), and full
#   recovery was expected only in January 2023 (press reports of 7 November
#   2022). The hospitals below fail when the
#   MSP-hosted records are encrypted; how fast is an assumption.
# The hospitals are named by district; which hospital is which is not modelled.

asset "hospital_chuo" {
  recover  = "1w" # (assumption)
  sector   = sector.medical
  label    = "Disaster base hospital, Chuo"
  operator = organization.hospitals
  region   = "chiyoda"
  location = { lat = 35.67, lon = 139.78 }
  weight   = 2
  needs "power" {
    backup     = "3d" # MHLW designation requirements, see header
    depends_on = [asset.chiyoda_ss]
  }
  needs "water" {
    backup     = "3d" # MHLW, 2019 revision, see header
    depends_on = [asset.reservoir_central]
  }
  dependency {
    on    = asset.emr_hosting # electronic medical records hosted by the MSP
    kind  = "cyber"
    delay = "1h" # ransomware reaches the EMR within the hour (assumption)
  }
}

asset "hospital_bay" {
  recover  = "1w" # (assumption)
  sector   = sector.medical
  label    = "Disaster base hospital, Koto (nearest to the bay venues)"
  operator = organization.hospitals
  region   = "bay"
  location = { lat = 35.65, lon = 139.80 }
  weight   = 2
  needs "power" {
    backup     = "3d" # MHLW designation requirements, see header
    depends_on = [asset.koto_ss]
  }
  needs "water" {
    backup     = "3d" # MHLW, 2019 revision, see header
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
    backup     = "3d" # MHLW designation requirements, see header
    depends_on = [asset.shinjuku_ss]
  }
  needs "water" {
    backup     = "3d" # MHLW, 2019 revision, see header
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
    backup     = "3d" # MHLW designation requirements, see header
    depends_on = [asset.chiba_ss]
  }
}

asset "emr_hosting" {
  recover  = "3w" # Osaka General Medical Center: records systems back in stages over about two months from 31 October 2022 (Seichokai notice, 27 December 2022); three weeks for a hosting provider (assumption)
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
