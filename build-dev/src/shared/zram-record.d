build-dev/src/shared/zram-record.o: src/shared/zram-record.c \
 src/shared/zram-record.h include/ephvol.h src/shared/run-paths.h \
 src/shared/macro.h src/shared/parse.h
src/shared/zram-record.h:
include/ephvol.h:
src/shared/run-paths.h:
src/shared/macro.h:
src/shared/parse.h:
