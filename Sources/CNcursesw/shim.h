// Filled in by the dashboard work: static inline accessors for what Swift 6 cannot import.
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
