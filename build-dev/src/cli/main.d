build-dev/src/cli/main.o: src/cli/main.c src/cli/log.h src/shared/macro.h \
 src/cli/sys.h src/cli/verbs.h src/shared/ephvol-cleanup.h \
 include/ephvol.h src/cli/version-features.h
src/cli/log.h:
src/shared/macro.h:
src/cli/sys.h:
src/cli/verbs.h:
src/shared/ephvol-cleanup.h:
include/ephvol.h:
src/cli/version-features.h:
