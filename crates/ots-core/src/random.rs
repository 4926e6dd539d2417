//! Random bytes from the OS CSPRNG, drawn in blocks.
//!
//! Every random byte ots uses (ids, nonces, salts, generated passwords, locator jitter) comes
//! from the operating system's CSPRNG (`getrandom`). Asking the kernel for a few bytes at a time
//! costs one system call each: six per created secret, one per character of a generated
//! password. So each thread draws 512 bytes at once and hands them out in order. A byte is
//! wiped from the buffer as it is handed out, so no byte is ever used twice and what stays in
//! memory is only bytes nobody has used yet. ots never forks, so no two processes can share a
//! buffer.

use std::cell::RefCell;

use zeroize::{Zeroize, Zeroizing};

/// Bytes drawn from the OS per system call.
const BLOCK: usize = 512;

struct Pool {
    buf: Zeroizing<[u8; BLOCK]>,
    /// Bytes before `used` have been handed out (and wiped).
    used: usize,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool { buf: Zeroizing::new([0; BLOCK]), used: BLOCK });
}

/// Fills `out` with bytes from the OS CSPRNG.
///
/// # Panics
/// Only if the operating system cannot provide randomness, which nothing can recover from.
pub fn fill(out: &mut [u8]) {
    POOL.with_borrow_mut(|pool| {
        let mut written = 0;
        while written < out.len() {
            if pool.used == BLOCK {
                getrandom::fill(pool.buf.as_mut()).expect("the OS random number generator failed");
                pool.used = 0;
            }
            let n = (BLOCK - pool.used).min(out.len() - written);
            let taken = &mut pool.buf[pool.used..pool.used + n];
            out[written..written + n].copy_from_slice(taken);
            taken.zeroize();
            pool.used += n;
            written += n;
        }
    });
}

/// A fresh array of random bytes.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    fill(&mut b);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_never_repeat_across_block_boundaries() {
        // 3 × BLOCK bytes in odd-sized draws: any reuse of a buffer position would show up as
        // two equal 16-byte draws.
        let mut seen = std::collections::HashSet::new();
        for _ in 0..(3 * BLOCK / 16) {
            let mut b = [0u8; 16];
            fill(&mut b[..7]);
            fill(&mut b[7..]);
            assert!(seen.insert(b), "a draw repeated");
        }
    }

    #[test]
    fn a_large_draw_spans_several_blocks() {
        let mut big = vec![0u8; 3 * BLOCK + 5];
        fill(&mut big);
        // A wiped, unrefilled buffer would hand out zeros.
        for chunk in big.chunks(32) {
            assert!(chunk.iter().any(|&b| b != 0), "zeros: the buffer was not refilled");
        }
    }
}
