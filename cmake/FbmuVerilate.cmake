# fbmu_add_sim_library(): one Verilated build of the FBMU testbench (fbmu_top + the DPI AXI4-Lite
# master) with the C side of the bus bridge and the harness, as a static library with the API of
# sim/fbmu_sim.h. Included from the top CMakeLists.txt; sim/CMakeLists.txt builds `fbmu_sim` with
# it, and anyone can build a variant of the same testbench by passing extra Verilator arguments:
#
#   fbmu_add_sim_library(fbmu_sim_bug_x MUTANT bug_x)          # a deliberately broken RTL
#   fbmu_add_sim_library(fbmu_sim_small -GMEM_BYTES=65536)     # another parameter set
#
# MUTANT names an entry of tools/mutants.toml: tools/mutate.py copies the RTL into the build tree
# at configure time with that change applied, and the variant is verilated from the copy (rtl/
# itself holds no broken variants). A mutant that no longer matches the RTL stops the configure.
#
# Every variant is compiled exactly like fbmu_sim, so a test linked against one checks the same
# harness. Callable from any folder once sim/CMakeLists.txt has found Verilator and set
# FBMU_SIM_DIR, FBMU_RTL_SOURCES and FBMU_VLT_WAIVERS (FBMU_REGS_SV comes from the top file).
#
# Lint is a separate job (tools/lint-rtl.sh); the assertion checkers of rtl/sva/ and the
# testbench's AXI4-Lite protocol checkers (sim/axil_protocol_checker.sv) are built in and on
# (--assert: a failing assertion prints its name and stops the simulation, rtl/sva/README.md);
# X is resolved the fast way. One trace format per model on Verilator 5.006: FST (a .vcd
# path is converted with fst2vcd by the harness). The Verilated C++ is compiled -O2 without debug
# info, whatever the build type, through ccache when present.
include_guard(GLOBAL)

find_package(Threads REQUIRED)  # here, at the top, so that Threads::Threads is seen everywhere
find_program(FBMU_CCACHE ccache)

function(fbmu_add_sim_library target)
  cmake_parse_arguments(SIM "" "MUTANT" "" ${ARGN})
  if(NOT FBMU_SIM_DIR OR NOT FBMU_RTL_SOURCES)
    message(FATAL_ERROR "fbmu_add_sim_library(${target}): FBMU_SIM_DIR and FBMU_RTL_SOURCES are "
                        "not set (they come from sim/CMakeLists.txt)")
  endif()
  set(_rtl ${FBMU_RTL_SOURCES})
  if(SIM_MUTANT)
    set(_mutants ${PROJECT_SOURCE_DIR}/tools/mutants.toml)
    set(_copy ${CMAKE_CURRENT_BINARY_DIR}/mutants/${SIM_MUTANT})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
      ${_mutants} ${PROJECT_SOURCE_DIR}/tools/mutate.py)
    execute_process(
      COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/mutate.py --mutants ${_mutants}
              apply ${SIM_MUTANT} --rtl ${FBMU_RTL_DIR} --out ${_copy}
      RESULT_VARIABLE _rc ERROR_VARIABLE _err)
    if(_rc)
      message(FATAL_ERROR "fbmu_add_sim_library(${target}): mutant ${SIM_MUTANT}: ${_err}")
    endif()
    list(TRANSFORM _rtl REPLACE "^${FBMU_RTL_DIR}/" "${_copy}/")
  endif()
  set(_sources ${FBMU_SIM_DIR}/fbmu_sim.cpp ${FBMU_SIM_DIR}/fbmu_sim_api.cpp
               ${FBMU_SIM_DIR}/bus_bridge.cpp
               ${FBMU_SIM_DIR}/fbmu_sim_bus.cpp ${FBMU_SIM_DIR}/bus_trace.cpp)
  # The project warnings for the harness, never for the Verilated C++ (source properties hold
  # per folder, so they are set in the caller's).
  set_source_files_properties(${_sources} PROPERTIES COMPILE_OPTIONS "${FBMU_WARNINGS}")
  add_library(${target} STATIC ${_sources})
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${FBMU_SIM_DIR}>)
  target_link_libraries(${target} PUBLIC fbmu_driver Threads::Threads)
  add_dependencies(${target} fbmu_regs_gen)
  # verilate() runs Verilator at configure time to learn the names of the files it writes, but never
  # deletes files of an earlier run: a stale header or part left there after an RTL edit breaks the
  # build. Every configure therefore starts this target's Verilator output afresh.
  file(REMOVE_RECURSE ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${target}.dir/Vfbmu_tb.dir)
  set(_coverage)
  if(FBMU_RTL_COVERAGE)
    set(_coverage --coverage-line --coverage-toggle)
  endif()
  verilate(${target}
    PREFIX Vfbmu_tb
    TOP_MODULE fbmu_tb
    TRACE_FST
    SOURCES ${FBMU_REGS_SV} ${_rtl} ${FBMU_SVA_SOURCES}
            ${FBMU_SIM_DIR}/axil_dpi_master.sv ${FBMU_SIM_DIR}/axil_protocol_checker.sv
            ${FBMU_SIM_DIR}/fbmu_tb.sv
    VERILATOR_ARGS -O3 --assert --x-assign fast --x-initial fast -Wno-fatal ${FBMU_VLT_WAIVERS}
                   ${_coverage} ${SIM_UNPARSED_ARGUMENTS}
    OPT_FAST -O2 -g0
    OPT_SLOW -O2 -g0
    OPT_GLOBAL -O2 -g0)
  # verilate() publishes its output folder; users of the installed library need only fbmu_sim.h.
  get_target_property(_inc ${target} INTERFACE_INCLUDE_DIRECTORIES)
  list(TRANSFORM _inc REPLACE "^([^$].*)$" "$<BUILD_INTERFACE:\\1>")
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_inc}")
  # Verilator's headers are system headers to our sources (which get the project warnings).
  target_include_directories(${target} SYSTEM PRIVATE ${VERILATOR_ROOT}/include ${VERILATOR_ROOT}/include/vltstd)
  target_include_directories(${target} SYSTEM PRIVATE
    ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${target}.dir/Vfbmu_tb.dir)
  if(FBMU_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set_target_properties(${target} PROPERTIES CXX_COMPILER_LAUNCHER ${FBMU_CCACHE})
  endif()
endfunction()
