//! ec2labfs: the small file system the guest view writes, stored inside the device's blocks so
//! that snapshots, AMIs and block-level diffs capture real files.
//!
//! Layout: block 0 holds the superblock, the magic line `EC2LABFS1\n` followed by a JSON table
//! of every path (directories and files, each file with its size and the list of data blocks
//! it occupies). File data fills whole 512 KiB blocks from block 1 on (the last block of a file
//! is zero-padded). Writing a file rewrites its data blocks and block 0, so a snapshot taken
//! after a small change stores two blocks: the metadata and the data.
use super::block::{Block, Device, BLOCK_SIZE};
use crate::error::ApiError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

const MAGIC: &[u8] = b"EC2LABFS1\n";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// `file` or `dir`
    pub kind: String,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fs {
    /// Normalised absolute path inside the file system (`/`, `/etc`, `/etc/os-release`) → entry.
    pub entries: BTreeMap<String, Entry>,
}

/// One line of a directory listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    /// `file` or `dir`
    pub kind: String,
    pub size: u64,
}

/// `a//b/./c/` → `/a/b/c`; `..` is refused (paths are absolute inside the device).
pub fn normalise(path: &str) -> Result<String, ApiError> {
    let mut parts = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                return Err(ApiError::invalid_parameter_value(format!("The path '{path}' may not contain '..'."))
                    .hint("Give an absolute path such as /data/notes.txt.", "/data/notes.txt 같은 절대 경로를 주세요."))
            }
            p => parts.push(p),
        }
    }
    if !path.starts_with('/') {
        return Err(ApiError::invalid_parameter_value(format!("The path '{path}' is not absolute."))
            .hint("Paths start with '/', e.g. /data/notes.txt.", "경로는 '/'로 시작합니다. 예: /data/notes.txt."));
    }
    Ok(format!("/{}", parts.join("/")))
}

fn parent(path: &str) -> Option<&str> {
    if path == "/" {
        return None;
    }
    Some(match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    })
}

pub fn is_formatted(dev: &Device) -> bool {
    dev.blocks.get(0).is_some_and(|b| b.bytes().starts_with(MAGIC))
}

/// An empty file system with just `/`, written to block 0.
pub fn format(dev: &mut Device) {
    let mut fs = Fs::default();
    fs.entries.insert("/".into(), Entry { kind: "dir".into(), size: 0, blocks: vec![] });
    fs.store(dev).expect("an empty table fits in block 0");
}

fn corrupt() -> ApiError {
    ApiError::new("InvalidParameterValue", "The device does not hold a readable ec2labfs file system.").hint(
        "The device's first block was overwritten with something that is not a file system. Format it by writing to a blank volume, or restore from a snapshot.",
        "장치의 첫 블록이 파일 시스템이 아닌 내용으로 덮였습니다. 빈 볼륨을 쓰거나 스냅샷에서 복원하세요.",
    )
}

impl Fs {
    pub fn load(dev: &Device) -> Result<Fs, ApiError> {
        let b = dev.blocks.get(0).ok_or_else(corrupt)?;
        let body = b.bytes().strip_prefix(MAGIC).ok_or_else(corrupt)?;
        serde_json::from_slice(body).map_err(|_| corrupt())
    }

    fn store(&self, dev: &mut Device) -> Result<(), ApiError> {
        let mut buf = MAGIC.to_vec();
        buf.extend(serde_json::to_vec(self).expect("the table serialises"));
        if buf.len() as u64 > BLOCK_SIZE {
            return Err(ApiError::new("InvalidParameterValue", "The file system's table is full (it lives in one 512 KiB block).").hint(
                "ec2labfs keeps its table of files in block 0; there are too many files or paths are too long. Remove nothing here: use another volume.",
                "ec2labfs는 파일 목록을 0번 블록에 보관하는데 파일이 너무 많습니다. 다른 볼륨을 쓰세요.",
            ));
        }
        dev.put(0, Block::new(&buf));
        Ok(())
    }

    fn used_blocks(&self) -> BTreeSet<u64> {
        self.entries.values().flat_map(|e| e.blocks.iter().copied()).collect()
    }

    pub fn read(&self, dev: &Device, path: &str) -> Result<Vec<u8>, ApiError> {
        let e = self.entries.get(path).ok_or_else(|| no_such(path))?;
        if e.kind != "file" {
            return Err(is_dir(path));
        }
        let mut out = Vec::with_capacity(e.size as usize);
        for idx in &e.blocks {
            let want = (e.size - out.len() as u64).min(BLOCK_SIZE);
            out.extend(dev.read(idx * BLOCK_SIZE, want));
        }
        Ok(out)
    }

    pub fn list(&self, path: &str) -> Result<Vec<DirEntry>, ApiError> {
        let e = self.entries.get(path).ok_or_else(|| no_such(path))?;
        if e.kind != "dir" {
            return Ok(vec![DirEntry { name: path.rsplit('/').next().unwrap_or("").to_string(), kind: e.kind.clone(), size: e.size }]);
        }
        Ok(self
            .entries
            .iter()
            .filter(|(p, _)| p.as_str() != path && parent(p) == Some(path))
            .map(|(p, e)| DirEntry { name: p.rsplit('/').next().unwrap_or("").to_string(), kind: e.kind.clone(), size: e.size })
            .collect())
    }

    /// Checks that `data` fits at `path`, then writes it (parents created like `mkdir -p`).
    /// Returns the indexes of the blocks written (data blocks and block 0).
    pub fn write(mut self, dev: &mut Device, path: &str, data: &[u8]) -> Result<Vec<u64>, ApiError> {
        if path == "/" {
            return Err(is_dir(path));
        }
        // Every ancestor must be a directory (or not exist yet).
        let mut p = parent(path);
        let mut missing = Vec::new();
        while let Some(dir) = p {
            match self.entries.get(dir) {
                Some(e) if e.kind != "dir" => {
                    return Err(ApiError::invalid_parameter_value(format!("'{dir}' is a file, not a directory.")).hint(
                        "A file cannot hold other files. Choose a path whose parent folders are directories.",
                        "파일 안에는 다른 파일을 둘 수 없습니다. 상위 경로가 디렉터리인 경로를 고르세요.",
                    ))
                }
                Some(_) => break,
                None => missing.push(dir.to_string()),
            }
            p = parent(dir);
        }
        let old = self.entries.get(path).cloned();
        if old.as_ref().is_some_and(|e| e.kind == "dir") {
            return Err(is_dir(path));
        }
        let needed = (data.len() as u64).div_ceil(BLOCK_SIZE) as usize;
        let mut blocks: Vec<u64> = old.map(|e| e.blocks).unwrap_or_default();
        blocks.truncate(needed);
        if blocks.len() < needed {
            let used = self.used_blocks();
            let mut free = (1..dev.block_count()).filter(|i| !used.contains(i));
            while blocks.len() < needed {
                match free.next() {
                    Some(i) => blocks.push(i),
                    None => {
                        return Err(ApiError::new(
                            "InsufficientSpace",
                            format!("No space left on device: {} bytes do not fit (the device is {} bytes).", data.len(), dev.size_bytes),
                        )
                        .hint(
                            "The volume is full. Grow it (modify_volume, then it has more blocks), delete nothing here, or write to a bigger volume.",
                            "볼륨이 가득 찼습니다. modify_volume으로 늘리거나 더 큰 볼륨에 쓰세요.",
                        ))
                    }
                }
            }
        }
        for dir in missing {
            self.entries.insert(dir, Entry { kind: "dir".into(), size: 0, blocks: vec![] });
        }
        self.entries.insert(path.to_string(), Entry { kind: "file".into(), size: data.len() as u64, blocks: blocks.clone() });
        let probe = self.clone();
        let mut scratch = Device::new(0);
        probe.store(&mut scratch)?; // the table must fit before anything is written
        for (k, idx) in blocks.iter().enumerate() {
            let chunk = &data[k * BLOCK_SIZE as usize..((k + 1) * BLOCK_SIZE as usize).min(data.len())];
            dev.put(*idx, Block::new(chunk));
        }
        self.store(dev)?;
        let mut touched = blocks;
        touched.push(0);
        Ok(touched)
    }
}

fn no_such(path: &str) -> ApiError {
    ApiError::new("InvalidParameterValue", format!("No such file or directory: '{path}'")).hint(
        "Nothing exists at this path on the device. List the directory (list_dir) to see what is there.",
        "이 경로에는 아무것도 없습니다. list_dir로 디렉터리를 확인하세요.",
    )
}

fn is_dir(path: &str) -> ApiError {
    ApiError::invalid_parameter_value(format!("'{path}' is a directory.")).hint("Read and write files, not directories.", "디렉터리가 아닌 파일을 읽고 쓰세요.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::block::GIB;

    #[test]
    fn files_live_in_blocks() {
        let mut dev = Device::new(GIB);
        assert!(!is_formatted(&dev));
        format(&mut dev);
        assert!(is_formatted(&dev));
        let big: Vec<u8> = (0..BLOCK_SIZE as usize + 10).map(|i| (i % 7) as u8 + 1).collect();
        let touched = Fs::load(&dev).unwrap().write(&mut dev, "/data/big.bin", &big).unwrap();
        assert_eq!(touched, vec![1, 2, 0]);
        Fs::load(&dev).unwrap().write(&mut dev, "/data/small.txt", b"hello").unwrap();
        let fs = Fs::load(&dev).unwrap();
        assert_eq!(fs.read(&dev, "/data/big.bin").unwrap(), big);
        assert_eq!(fs.read(&dev, "/data/small.txt").unwrap(), b"hello");
        let names: Vec<String> = fs.list("/data").unwrap().into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["big.bin", "small.txt"]);
        assert_eq!(fs.list("/").unwrap()[0].kind, "dir");
        // Overwriting with less data keeps the first block and frees the second.
        let t = Fs::load(&dev).unwrap().write(&mut dev, "/data/big.bin", b"short").unwrap();
        assert_eq!(t, vec![1, 0]);
        assert_eq!(Fs::load(&dev).unwrap().read(&dev, "/data/big.bin").unwrap(), b"short");
        assert!(Fs::load(&dev).unwrap().write(&mut dev, "/data/small.txt/x", b"no").is_err());
        assert!(Fs::load(&dev).unwrap().read(&dev, "/nope").is_err());
        assert_eq!(normalise("/a//b/./c/").unwrap(), "/a/b/c");
        assert!(normalise("a").is_err() && normalise("/a/../b").is_err());
    }

    #[test]
    fn refuses_beyond_the_device() {
        let mut dev = Device::new(3 * BLOCK_SIZE);
        format(&mut dev);
        let before = dev.clone();
        let e = Fs::load(&dev).unwrap().write(&mut dev, "/x", &vec![1u8; 3 * BLOCK_SIZE as usize]).unwrap_err();
        assert_eq!(e.code, "InsufficientSpace");
        assert_eq!(dev, before);
        Fs::load(&dev).unwrap().write(&mut dev, "/x", &vec![1u8; 2 * BLOCK_SIZE as usize]).unwrap();
    }
}
