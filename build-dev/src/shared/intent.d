build-dev/src/shared/intent.o: src/shared/intent.c src/shared/intent.h \
 include/ephvol.h src/shared/run-paths.h src/shared/macro.h \
 src/shared/parse.h src/shared/zram-record.h
src/shared/intent.h:
include/ephvol.h:
src/shared/run-paths.h:
src/shared/macro.h:
src/shared/parse.h:
src/shared/zram-record.h:
