/* a block
   comment */
variable "x" {
  default     = <<-EOT
        indented ${upper("heredoc")}
          kept   as   is
        EOT
  description = "multi" # why
}

// slash comment
locals {
  a  = 1 # one
  bb = 2
  # a comment line breaks the alignment
  ccc = {
    d = [1, 2, 3]
    e = (1 + 2) * 3
    f = !true
    g = var.x ? "a" : "b"
  }
}
