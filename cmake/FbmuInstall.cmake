# Install rules and the CMake package: `cmake --install build --prefix P` gives
#   P/lib/libfbmu_*.a, P/include/fbmu/*.h, P/bin/fbmu-cosim, P/share/fbmu/rtl (RTL + files.f + core),
#   P/lib/cmake/fbmu/fbmuConfig.cmake (find_package(fbmu): fbmu::driver, fbmu::model, fbmu::sim,
#   fbmu::systemc where built) and P/lib/pkgconfig/fbmu-driver.pc.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FBMU_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/fbmu)
set(FBMU_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/fbmu)

# Exported name of each library: fbmu::driver and so on.
set(_fbmu_exported)
foreach(_pair fbmu_regs:regs fbmu_types:types fbmu_driver:driver fbmu_model:model fbmu_sim:sim fbmu_sim_sc:sim_sc fbmu_systemc:systemc)
  string(REPLACE ":" ";" _pair ${_pair})
  list(GET _pair 0 _target)
  list(GET _pair 1 _name)
  if(TARGET ${_target})
    set_target_properties(${_target} PROPERTIES EXPORT_NAME ${_name})
    list(APPEND _fbmu_exported ${_target})
    add_library(fbmu::${_name} ALIAS ${_target})
  endif()
endforeach()

install(TARGETS ${_fbmu_exported} EXPORT fbmuTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${FBMU_INSTALL_INCLUDEDIR})
install(EXPORT fbmuTargets NAMESPACE fbmu:: DESTINATION ${FBMU_INSTALL_CMAKEDIR})

# Public headers: driver (with the generated register header), model, simulation harness.
install(FILES ${PROJECT_SOURCE_DIR}/driver/fbmu.h ${PROJECT_SOURCE_DIR}/driver/fbmu_types.h
              ${PROJECT_SOURCE_DIR}/driver/fbmu_platform.h ${FBMU_REGS_H}
              ${PROJECT_SOURCE_DIR}/model/fbmu_model.h
        DESTINATION ${FBMU_INSTALL_INCLUDEDIR})
if(TARGET fbmu_sim)
  install(FILES ${PROJECT_SOURCE_DIR}/sim/fbmu_sim.h DESTINATION ${FBMU_INSTALL_INCLUDEDIR})
endif()
if(TARGET fbmu_systemc)
  install(FILES ${PROJECT_SOURCE_DIR}/sim/systemc/fbmu_tlm.h DESTINATION ${FBMU_INSTALL_INCLUDEDIR})
endif()
if(TARGET fbmu-cosim)
  install(TARGETS fbmu-cosim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# The RTL with its file list, lint waivers and the generated register package.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rtl/ DESTINATION ${CMAKE_INSTALL_DATADIR}/fbmu/rtl
        FILES_MATCHING PATTERN "*.sv" PATTERN "*.f" PATTERN "*.vlt" PATTERN "README.md")
install(FILES ${FBMU_REGS_SV} DESTINATION ${CMAKE_INSTALL_DATADIR}/fbmu/rtl)

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/fbmuConfig.cmake.in
  ${PROJECT_BINARY_DIR}/fbmuConfig.cmake INSTALL_DESTINATION ${FBMU_INSTALL_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/fbmuConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/fbmuConfig.cmake ${PROJECT_BINARY_DIR}/fbmuConfigVersion.cmake
        DESTINATION ${FBMU_INSTALL_CMAKEDIR})

file(RELATIVE_PATH FBMU_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(${CMAKE_CURRENT_LIST_DIR}/fbmu-driver.pc.in ${PROJECT_BINARY_DIR}/fbmu-driver.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/fbmu-driver.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
