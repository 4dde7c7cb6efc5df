// Clang's thread-safety annotations (-Wthread-safety), as LevelDB's
// port/thread_annotations.h: a member GUARDED_BY(mu_) may only be touched with mu_ held,
// and clang checks it at compile time. Other compilers see nothing.
//
// The analysis only knows a lock is taken when the lock type says so: std::mutex is not
// annotated in Debian 12's libstdc++, so guarded members use the wrappers in mutex.h.
#ifndef FSS_TEXT_THREAD_ANNOTATIONS_H_
#define FSS_TEXT_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define FSS_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define FSS_THREAD_ANNOTATION(x)
#endif

// On data: which lock guards it (PT_: what it points to).
#define GUARDED_BY(x) FSS_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) FSS_THREAD_ANNOTATION(pt_guarded_by(x))
#define ACQUIRED_AFTER(...) FSS_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))
#define ACQUIRED_BEFORE(...) FSS_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))

// On functions: what the caller must hold, or must not.
#define EXCLUSIVE_LOCKS_REQUIRED(...) FSS_THREAD_ANNOTATION(exclusive_locks_required(__VA_ARGS__))
#define SHARED_LOCKS_REQUIRED(...) FSS_THREAD_ANNOTATION(shared_locks_required(__VA_ARGS__))
#define LOCKS_EXCLUDED(...) FSS_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define LOCK_RETURNED(x) FSS_THREAD_ANNOTATION(lock_returned(x))

// On lock types: a class that is a lock, and a class that holds one for its scope.
#define LOCKABLE FSS_THREAD_ANNOTATION(lockable)
#define CAPABILITY(x) FSS_THREAD_ANNOTATION(capability(x))
#define SCOPED_LOCKABLE FSS_THREAD_ANNOTATION(scoped_lockable)
#define SCOPED_CAPABILITY SCOPED_LOCKABLE

// On the lock types' own functions: what they take, release or check.
#define EXCLUSIVE_LOCK_FUNCTION(...) FSS_THREAD_ANNOTATION(exclusive_lock_function(__VA_ARGS__))
#define SHARED_LOCK_FUNCTION(...) FSS_THREAD_ANNOTATION(shared_lock_function(__VA_ARGS__))
#define EXCLUSIVE_TRYLOCK_FUNCTION(...) \
  FSS_THREAD_ANNOTATION(exclusive_trylock_function(__VA_ARGS__))
#define SHARED_TRYLOCK_FUNCTION(...) FSS_THREAD_ANNOTATION(shared_trylock_function(__VA_ARGS__))
#define UNLOCK_FUNCTION(...) FSS_THREAD_ANNOTATION(unlock_function(__VA_ARGS__))
#define ASSERT_EXCLUSIVE_LOCK(...) FSS_THREAD_ANNOTATION(assert_exclusive_lock(__VA_ARGS__))
#define ASSERT_SHARED_LOCK(...) FSS_THREAD_ANNOTATION(assert_shared_lock(__VA_ARGS__))
// The same, in clang's newer spelling.
#define ACQUIRE(...) EXCLUSIVE_LOCK_FUNCTION(__VA_ARGS__)
#define ACQUIRE_SHARED(...) SHARED_LOCK_FUNCTION(__VA_ARGS__)
#define RELEASE(...) UNLOCK_FUNCTION(__VA_ARGS__)

// Turns the analysis off for one function: only with a comment saying why.
#define NO_THREAD_SAFETY_ANALYSIS FSS_THREAD_ANNOTATION(no_thread_safety_analysis)

#endif  // FSS_TEXT_THREAD_ANNOTATIONS_H_
