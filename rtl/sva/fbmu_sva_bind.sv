// Binds the assertion checkers of rtl/sva/ into the FBMU modules. Simulation only: the simulator
// builds read rtl/sva/files.f after rtl/files.f and run with assertions on (Verilator --assert).
bind fbmu_axil_slave fbmu_axil_slave_sva u_sva (.*);

bind fbmu_lease_table fbmu_lease_table_sva #(
  .Slots  (Slots),
  .FrameW (FrameW)
) u_sva (.*);

bind fbmu_teardown fbmu_teardown_sva #(
  .MemBytes (MemBytes),
  .Slots    (Slots),
  .FrameW   (FrameW),
  .LgW      (LgW)
) u_sva (.*);

bind fbmu_cmd_engine fbmu_cmd_engine_sva #(
  .MemBytes (MemBytes),
  .FrameW   (FrameW),
  .LgW      (LgW),
  .MaxIo    (MaxIo)
) u_sva (.*);

bind fbmu_copy_engine fbmu_copy_engine_sva #(
  .MemBytes   (MemBytes),
  .StageBytes (StageBytes)
) u_sva (.*);

bind fbmu_top fbmu_top_sva #(
  .MemBytes   (MemBytes),
  .LeaseSlots (LeaseSlots)
) u_sva (.*);

bind fbmu_top fbmu_stream_sva #(
  .StageBytes (StageBytes)
) u_stream_sva (.*);
