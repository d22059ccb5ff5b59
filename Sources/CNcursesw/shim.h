// Accessors for what Swift 6 cannot import from ncursesw directly: C globals (rejected as not
// concurrency-safe), and macros (A_*, ACS_*, getmaxyx, stdscr-bound wrappers such as get_wch).
// Only CareQueueTUI's `Terminal` (on the main actor) and `CursesLibrary` (its version) import this module.
#ifndef CAREQUEUE_NCURSESW_SHIM_H
#define CAREQUEUE_NCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

// Globals.
static inline WINDOW *cq_stdscr(void) { return stdscr; }
static inline WINDOW *cq_curscr(void) { return curscr; }
static inline int cq_lines(void) { return LINES; }
static inline int cq_cols(void) { return COLS; }
static inline int cq_colors(void) { return COLORS; }
static inline int cq_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *cq_stdin(void) { return stdin; }
static inline FILE *cq_stdout(void) { return stdout; }

// Attributes (macros built from NCURSES_BITS).
static inline attr_t cq_a_normal(void) { return A_NORMAL; }
static inline attr_t cq_a_bold(void) { return A_BOLD; }
static inline attr_t cq_a_dim(void) { return A_DIM; }
static inline attr_t cq_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cq_a_reverse(void) { return A_REVERSE; }
static inline attr_t cq_a_italic(void) { return A_ITALIC; }
static inline attr_t cq_a_standout(void) { return A_STANDOUT; }

// Line drawing (ACS_* index the runtime acs_map, so they only mean something after initscr).
static inline chtype cq_acs_hline(void) { return ACS_HLINE; }
static inline chtype cq_acs_vline(void) { return ACS_VLINE; }
static inline chtype cq_acs_ulcorner(void) { return ACS_ULCORNER; }
static inline chtype cq_acs_urcorner(void) { return ACS_URCORNER; }
static inline chtype cq_acs_llcorner(void) { return ACS_LLCORNER; }
static inline chtype cq_acs_lrcorner(void) { return ACS_LRCORNER; }
static inline chtype cq_acs_ltee(void) { return ACS_LTEE; }
static inline chtype cq_acs_rtee(void) { return ACS_RTEE; }
static inline chtype cq_acs_ttee(void) { return ACS_TTEE; }
static inline chtype cq_acs_btee(void) { return ACS_BTEE; }
static inline chtype cq_acs_plus(void) { return ACS_PLUS; }

// Sizes (getmaxyx is a macro).
static inline void cq_getmaxyx(WINDOW *window, int *rows, int *cols) {
    int y, x;
    getmaxyx(window, y, x);
    *rows = y;
    *cols = x;
}

// The size the kernel reports for a terminal descriptor; 0 on success, -1 if not a terminal.
static inline int cq_terminal_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

// Input (get_wch is a macro over wget_wch(stdscr, …)).
static inline int cq_get_wch(wint_t *ch) { return wget_wch(stdscr, ch); }

// Output with attributes and a colour pair (attr_set is a macro over wattr_set).
static inline int cq_attr_set(attr_t attributes, short pair) { return wattr_set(stdscr, attributes, pair, NULL); }
static inline int cq_mvaddstr(int y, int x, const char *text) { return mvwaddstr(stdscr, y, x, text); }
static inline int cq_mvaddch(int y, int x, chtype ch) { return mvwaddch(stdscr, y, x, ch); }

// The library's own version string ("ncurses 6.4.20240113"), for `--version`.
static inline const char *cq_curses_version(void) { return curses_version(); }

#endif
