// Clang's thread-safety annotations (-Wthread-safety), as LevelDB's
// port/thread_annotations.h: a member GUARDED_BY(mu_) may only be touched with mu_ held,
// and clang checks it at compile time. Other compilers see nothing.
#ifndef FSS_TEXT_THREAD_ANNOTATIONS_H_
#define FSS_TEXT_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define FSS_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define FSS_THREAD_ANNOTATION(x)
#endif

#define GUARDED_BY(x) FSS_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) FSS_THREAD_ANNOTATION(pt_guarded_by(x))
#define ACQUIRED_AFTER(...) FSS_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))
#define ACQUIRED_BEFORE(...) FSS_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
#define EXCLUSIVE_LOCKS_REQUIRED(...) FSS_THREAD_ANNOTATION(exclusive_locks_required(__VA_ARGS__))
#define SHARED_LOCKS_REQUIRED(...) FSS_THREAD_ANNOTATION(shared_locks_required(__VA_ARGS__))
#define LOCKS_EXCLUDED(...) FSS_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define LOCK_RETURNED(x) FSS_THREAD_ANNOTATION(lock_returned(x))
#define NO_THREAD_SAFETY_ANALYSIS FSS_THREAD_ANNOTATION(no_thread_safety_analysis)

#endif  // FSS_TEXT_THREAD_ANNOTATIONS_H_
