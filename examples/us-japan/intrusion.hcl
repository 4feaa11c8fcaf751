# A cross-border intrusion campaign through a remote-access VPN product, for
# scenario vpn_campaign (scenarios.hcl).
#
# The pattern is public: a zero-day in a widely used VPN appliance is exploited
# against its users in many countries, a few organizations at a time. The Ivanti
# Connect Secure zero-days were disclosed on 10 January 2024 after Volexity found
# them at a customer; CISA's Emergency Directive 24-01 of 19 January 2024 told
# U.S. federal agencies to apply the vendor's mitigation within days; the first
# patches came at the end of January (as recalled, the dates not re-checked).
# The Pulse Secure VPN intrusions of 2021 (CISA alert AA21-110A, April 2021) and
# the Fortinet and Citrix appliance campaigns followed the same pattern. The
# vendor, its product and the order in which the campaign reaches its victims
# are FICTIONAL.
#
# How it is modelled. The operators' remote-access path is a supply group
# "remote_access" on the assets it reaches (the Tokyo backbone and the U.S.
# carrier's network in cables.hcl, the megabank's online banking in cloud.hcl, the
# U.S. correspondent's dollar clearing in finance.hcl): a cyber dependency on the
# product, so a compromise spreads along it, with 30 days of backup, because an
# operator keeps running without its VPN. The delay of each dependency is when the
# campaign gets to that victim: the U.S. correspondent bank at T+0, the second
# wave (Japanese operators and a U.S. carrier) two days later (assumption).
#
# Detection and response are set on the operators (organizations.hcl): each sees
# an intrusion into its own network after a day and, once alerted, applies the
# vendor's mitigation or takes the appliances offline in 12 h (both assumptions).
# So the first victim's detection at T+1d is in time for everyone its alert can
# reach before T+1d12h -- on the U.S. side, through FS-ISAC and CISA, the carrier;
# on the Japanese side nobody, unless a channel crosses the Pacific
# (mitigations.hcl).

locals {
  vpn_second_wave = "2d" # when the campaign reaches its second wave of victims (assumption, see header)
}

organization "vpn_vendor" {
  label   = "U.S. remote-access VPN vendor (fictional)"
  country = "US"
  kind    = "vendor"
}

asset "vpn_product" {
  # 3 weeks: from the disclosure of the Ivanti zero-days to the first patches (see
  # header; as recalled, unconfirmed).
  recover  = "3w"
  sector   = sector.information_technology
  label    = "Remote-access VPN appliances of one vendor (zero-day exploited)"
  operator = organization.vpn_vendor
  region   = "global"
}
