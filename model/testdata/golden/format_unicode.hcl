sector "エネルギー" {
  label                    = "電力"
  colour_of_something_long = "#ffffff"
}
asset "変電所" {
  sector = sector.エネルギー
  tags   = ["重要", "🔌"]
}
