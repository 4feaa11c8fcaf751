# Cloud regions of a (fictional) U.S. hyperscale provider in both countries, and
# the Japanese services that run on them.
#
# - Japan's Government Cloud: the Digital Agency chose U.S. providers' services
#   (Amazon Web Services and Google Cloud Platform in October 2021, Microsoft
#   Azure and Oracle Cloud Infrastructure added in October 2022) for the common
#   cloud platform of national and local government systems (Mynavi News, 27
#   October 2021, https://news.mynavi.jp/article/20211027-2170619; Dempa Shimbun,
#   3 October 2022, https://dempa-digital.com/article/359063).
# - A provider's global control plane (identity, configuration) can take down
#   services in every region: the AWS us-east-1 outage of 7 December 2021
#   disrupted services far from Virginia (AWS, "Summary of the AWS Service Event
#   in the Northern Virginia (US-EAST-1) Region", December 2021; not re-checked). The provider
#   here is fictional; it stands for the pattern.
# - Restoration: a region that lost power restarts in hours once power and network
#   are back (6 h, assumption: services come back in dependency order; the
#   us-east-1 event of December 2021 lasted about seven hours, as recalled).

asset "cloud_tokyo" {
  restart    = "6h" # (assumption, see header)
  sector     = sector.information_technology
  label      = "Cloud region Tokyo"
  operator   = organization.us_cloud
  country    = "JP"
  region     = "kanto"
  weight     = 2
  backup     = "48h" # diesel at the data centres (assumption)
  depends_on = [asset.tepco_grid, asset.ntt_tokyo_backbone]
  dependency {
    on   = asset.cloud_control_plane
    kind = "cyber"
  }
}

asset "cloud_osaka" {
  restart    = "6h" # (assumption, see header)
  sector     = sector.information_technology
  label      = "Cloud region Osaka"
  operator   = organization.us_cloud
  country    = "JP"
  region     = "kansai"
  backup     = "48h" # (assumption)
  depends_on = [asset.kansai_grid]
  dependency {
    on   = asset.cloud_control_plane
    kind = "cyber"
  }
}

asset "cloud_oregon" {
  restart    = "6h" # (assumption, see header)
  sector     = sector.information_technology
  label      = "Cloud region Oregon"
  operator   = organization.us_cloud
  country    = "US"
  region     = "pnw"
  backup     = "48h" # (assumption)
  depends_on = [asset.pnw_grid]
  dependency {
    on   = asset.cloud_control_plane
    kind = "cyber"
  }
}

asset "cloud_control_plane" {
  restart    = "6h" # (assumption, see header)
  sector     = sector.information_technology
  label      = "Cloud global control plane (identity, configuration; Virginia)"
  operator   = organization.us_cloud
  country    = "US"
  region     = "virginia"
  backup     = "48h" # (assumption)
  depends_on = [asset.virginia_grid]
}

asset "jp_gov_cloud" {
  sector   = sector.government
  label    = "Government Cloud services (national and local government)"
  operator = organization.digital_agency
  region   = "kanto"
  weight   = 2
  needs "region" {
    requires   = "any" # systems are built to fail over between Tokyo and Osaka (assumption)
    depends_on = [asset.cloud_tokyo, asset.cloud_osaka]
  }
  dependency {
    on   = asset.cloud_control_plane
    kind = "cyber"
  }
}

asset "jp_bank_online" {
  sector   = sector.financial_services
  label    = "Megabank online and mobile banking (cloud-hosted)"
  operator = organization.jp_bank
  region   = "kanto"
  needs "region" {
    requires   = "any"
    depends_on = [asset.cloud_tokyo, asset.cloud_osaka]
  }
  needs "network" {
    requires   = "any"
    depends_on = [asset.ntt_tokyo_backbone, asset.jp_mobile_timing]
  }
  recover = "5d" # as the Tokyo backbone (cables.hcl)
  needs "remote_access" {
    backup = "30d" # staff reach the bank's systems through the VPN; it runs without (assumption)
    dependency {
      on    = asset.vpn_product
      kind  = "cyber"
      delay = local.vpn_second_wave
    }
  }
}

asset "us_bank_asia_ops" {
  sector   = sector.financial_services
  label    = "U.S. bank Asia operations (run from New York, hosted in Tokyo)"
  operator = organization.us_bank
  country  = "US"
  region   = "new_york"
  dependency {
    on = asset.cloud_tokyo # data residency keeps Japanese client data in Japan (assumption)
  }
  dependency {
    on = asset.transpacific
  }
}
