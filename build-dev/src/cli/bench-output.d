build-dev/src/cli/bench-output.o: src/cli/bench-output.c \
 src/cli/bench-output.h /usr/include/libsmartcols/libsmartcols.h \
 src/cli/bench-sample.h include/ephvol.h src/shared/format-util.h \
 src/shared/macro.h
src/cli/bench-output.h:
/usr/include/libsmartcols/libsmartcols.h:
src/cli/bench-sample.h:
include/ephvol.h:
src/shared/format-util.h:
src/shared/macro.h:
