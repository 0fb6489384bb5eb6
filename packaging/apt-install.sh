# Sourced by .ci/run and packaging/windows/build.sh: apt_install PACKAGE… installs Debian packages as
# root. apt checks the archive's signatures as its unprivileged _apt user, which writes its
# temporary files in /tmp; where /tmp is closed to other users (mode 755, as on some CI machines)
# every repository then reads as unsigned and nothing installs. Checking as root avoids that.
apt_install() {
  local apt=(apt-get -o APT::Sandbox::User=root)
  "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "$@" >/dev/null
}
