# SPDX-License-Identifier: GPL-3.0-or-later
# CPack reads this once per generator (CPACK_PROJECT_CONFIG_FILE), with CPACK_GENERATOR set
# to the one at work.

if(NOT CPACK_GENERATOR MATCHES "^(DEB|RPM)$")
    # The .tar.gz (and NSIS, DragNDrop) hold a relocatable tree: everything under their top
    # folder, nothing written outside it. Install the default component and the environment
    # file's relative copy (etc/frontline), not the system_config component with its absolute
    # /etc destination, which these generators cannot hold.
    list(GET CPACK_INSTALL_CMAKE_PROJECTS 0 frontline_build_dir)
    list(GET CPACK_INSTALL_CMAKE_PROJECTS 1 frontline_project)
    set(CPACK_INSTALL_CMAKE_PROJECTS
        "${frontline_build_dir};${frontline_project};Unspecified;/"
        "${frontline_build_dir};${frontline_project};relocatable_config;/")
    # Any other absolute destination added later fails the package instead of escaping it.
    set(CPACK_ERROR_ON_ABSOLUTE_INSTALL_DESTINATION ON)
endif()
