# Mitigations: the seed paper's proposals for U.S.-Japan information sharing, each a
# channel that `cascade compare` weighs against the baseline of organizations.hcl
# (docs/language.md, "Mitigations"):
#
#   cascade compare examples/us-japan -s vpn_campaign \
#     --mitigation gsoc_nccic_exchange --mitigation isac_common_members --mitigation mpe_link
#
# The latencies are assumptions of the exercise, not properties of any real
# arrangement. Note what the model assumes about relays: an alert passes on along
# the baseline's shares_with channels, which take no time (docs/language.md), so
# once an alert crosses the Pacific it reaches every organization on the other side
# that is joined to the one it reached. Real relays take hours each; read the
# savings below as an upper bound for the channel.

mitigation "gsoc_nccic_exchange" {
  label = "Exchange officers at NISC's GSOC and CISA's NCCIC"

  # An officer of each centre seated on the other's operations floor passes on what
  # the host centre learns; 2 hours to clear a notice for release to the partner
  # (assumption). The channel coordinate --add-channel gsoc,cisa tries (README).
  add {
    channel "gsoc_nccic" {
      between = [organization.gsoc, organization.cisa]
      latency = "2h" # (assumption, see above)
      label   = "GSOC-NCCIC exchange officers"
    }
  }
}

mitigation "isac_common_members" {
  label = "The two countries' financial and ICT ISACs reaching their common members"

  # FS-ISAC has members in both countries; a Japanese megabank that belongs to it
  # (assumption for the fictional bank) gets FS-ISAC's alerts as well as Financials
  # ISAC Japan's. Likewise the U.S. cloud provider, which runs regions in Japan, is
  # taken to be a member of ICT-ISAC Japan (assumption). 6 hours: an ISAC's alert is
  # posted at once but read and acted on by the member's team in Tokyo within a
  # working day (assumption).
  add {
    channel "fs_isac_jp_bank" {
      between = [organization.fs_isac, organization.jp_bank]
      latency = "6h" # (assumption, see above)
      label   = "FS-ISAC alerts to a Japanese member bank"
    }
    channel "ict_isac_us_cloud" {
      between = [organization.ict_isac, organization.us_cloud]
      latency = "6h" # (assumption, see above)
      label   = "ICT-ISAC Japan alerts to a U.S. member provider"
    }
  }
}

mitigation "mpe_link" {
  label = "A Mission Partner Environment link between INDOPACOM and Japan's Ministry of Defense"

  # A standing coalition network of the U.S. Department of Defense with its partners
  # (Mission Partner Environment, the DoD's term; a link of this kind with Japan is
  # an assumption of the exercise). 1 hour (assumption). It joins the two
  # militaries, which already share through USFJ, not the civil side of either.
  add {
    channel "mpe_indopacom_mod" {
      between = [organization.indopacom, organization.mod_jp]
      latency = "1h" # (assumption, see above)
      label   = "Mission Partner Environment, INDOPACOM - MOD"
    }
  }
}
